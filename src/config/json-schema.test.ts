// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests write ${VAR} references as config text.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { configJsonSchema } from './json-schema.ts';

type Schema = Record<string, unknown>;

function objectsIn(schema: Schema, path = '(root)'): { path: string; schema: Schema }[] {
  const found: { path: string; schema: Schema }[] = [];
  if (schema.type === 'object' && schema.properties) found.push({ path, schema });
  for (const [key, value] of Object.entries((schema.properties as Record<string, Schema> | undefined) ?? {})) {
    found.push(...objectsIn(value, `${path}.${key}`));
  }
  if (schema.items) found.push(...objectsIn(schema.items as Schema, `${path}[]`));
  return found;
}

test('docs/config.schema.json is up to date (run npm run schema)', () => {
  const file = new URL('../../docs/config.schema.json', import.meta.url);
  const written = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.deepEqual(written, configJsonSchema());
});

test('every key in the JSON Schema has a description', () => {
  for (const { path, schema } of objectsIn(configJsonSchema())) {
    for (const [key, value] of Object.entries(schema.properties as Record<string, Schema>)) {
      assert.equal(typeof value.description, 'string', `${path}.${key} has no description`);
    }
  }
});

test('every object in the JSON Schema rejects unknown keys', () => {
  const objects = objectsIn(configJsonSchema());
  assert.ok(objects.length >= 8);
  for (const { path, schema } of objects) assert.equal(schema.additionalProperties, false, path);
});

test('the JSON Schema lets a number be written as a ${VAR} reference', () => {
  const schema = configJsonSchema() as { properties: { server: { properties: { port: Schema } } } };
  const port = schema.properties.server.properties.port;
  assert.equal(port.default, 8700);
  assert.ok(Array.isArray(port.anyOf));
  assert.ok((port.anyOf as Schema[]).some((option) => option.type === 'string' && option.pattern));
});
