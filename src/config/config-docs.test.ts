import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { configJsonSchema } from './json-schema.ts';

type Schema = { properties?: Record<string, Schema>; items?: Schema };

const docs = fs.readFileSync(new URL('../../docs/config.md', import.meta.url), 'utf8');

function keysAt(path: string[]): string[] {
  let schema = configJsonSchema() as Schema;
  for (const segment of path) {
    const next = segment === '[]' ? schema.items : schema.properties?.[segment];
    assert.ok(next, `no ${path.join('.')} in the schema`);
    schema = next;
  }
  return Object.keys(schema.properties ?? {});
}

const sections: string[][] = [
  [],
  ['server'],
  ['responses'],
  ['defaults'],
  ['defaults', 'timeouts'],
  ['providers', '[]'],
  ['routes', '[]'],
  ['routes', '[]', 'targets', '[]'],
  ['jobs'],
  ['monitoring'],
  ['monitoring', 'sla'],
  ['alerts'],
  ['alerts', 'business_hours'],
  ['alerts', 'delivery'],
  ['audit'],
  ['routes', '[]', 'cache'],
  ['routes', '[]', 'cache', 'semantic'],
  ['cache'],
];

test('docs/config.md documents every key of the schema in a table row', () => {
  const missing: string[] = [];
  for (const path of sections) {
    for (const key of keysAt(path)) {
      if (!docs.includes(`| \`${key}\` |`)) missing.push([...path, key].join('.'));
    }
  }
  assert.deepEqual(missing, [], `keys missing from docs/config.md: ${missing.join(', ')}`);
});

test('docs/config.md states the default of every key that has one', () => {
  const schema = configJsonSchema() as Schema;
  const server = schema.properties?.server?.properties ?? {};
  for (const [key, value] of Object.entries(server)) {
    const defaultValue = (value as { default?: unknown }).default;
    if (defaultValue === undefined) continue;
    const row = docs.split('\n').find((line) => line.startsWith(`| \`${key}\` |`));
    assert.ok(row?.includes(`\`${String(defaultValue)}\``), `default of server.${key} not in its row`);
  }
});
