import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { PROVIDER_TYPES } from '../../src/config/schema.ts';
import { providerFormats } from '../../src/pipeline/runtime.ts';

const root = new URL('../../', import.meta.url);
const guide = readFileSync(new URL('docs/adding-a-provider.md', root), 'utf8');
const registry = readFileSync(new URL('src/pipeline/create-adapter.ts', root), 'utf8');

for (const type of PROVIDER_TYPES) {
  test(`provider type ${type} has its adapter file, a registry line, a wire format and a row in the guide`, () => {
    assert.ok(
      existsSync(new URL(`src/providers/${type}/${type}-adapter.ts`, root)),
      `src/providers/${type}/${type}-adapter.ts`,
    );
    assert.match(registry, new RegExp(`case '${type}':`));
    assert.ok(providerFormats[type] !== undefined);
    assert.match(guide, new RegExp(`\\| \`${type}\` \\|`));
  });
}
