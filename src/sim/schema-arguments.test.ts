import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { argumentsFromSchema } from './schema-arguments.ts';

const schema = {
  type: 'object',
  properties: {
    city: { type: 'string' },
    days: { type: 'integer', minimum: 3, maximum: 3 },
    ratio: { type: 'number' },
    metric: { type: 'boolean' },
    unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
    tags: { type: 'array', items: { type: 'string' }, minItems: 2 },
    where: { type: 'object', properties: { lat: { type: 'number' }, note: { type: ['string', 'null'] } } },
    when: { type: 'string', format: 'date' },
    kind: { const: 'fixed' },
    either: { anyOf: [{ type: 'null' }, { type: 'integer' }] },
  },
  required: ['city', 'extra'],
};

describe('argumentsFromSchema', () => {
  it('fills every property with a value of its type', () => {
    const args = argumentsFromSchema(schema, 'seed');
    assert.equal(typeof args.city, 'string');
    assert.equal(args.days, 3);
    assert.equal(typeof args.ratio, 'number');
    assert.equal(typeof args.metric, 'boolean');
    assert.equal(args.unit, 'celsius');
    assert.ok(Array.isArray(args.tags) && args.tags.length === 2 && args.tags.every((tag) => typeof tag === 'string'));
    const where = args.where as Record<string, unknown>;
    assert.equal(typeof where.lat, 'number');
    assert.equal(typeof where.note, 'string');
    assert.equal(args.when, '2026-01-01');
    assert.equal(args.kind, 'fixed');
    assert.ok(Number.isInteger(args.either));
  });

  it('fills a required property the schema does not describe', () => {
    assert.ok('extra' in argumentsFromSchema(schema, 'seed'));
  });

  it('is deterministic for a seed and varies with it', () => {
    assert.deepEqual(argumentsFromSchema(schema, 'seed'), argumentsFromSchema(schema, 'seed'));
    const seeds = ['a', 'b', 'c', 'd', 'e', 'f'].map((seed) => JSON.stringify(argumentsFromSchema(schema, seed)));
    assert.ok(new Set(seeds).size > 1);
  });

  it('gives an empty object for a missing schema and stops at a bounded depth on recursive shapes', () => {
    assert.deepEqual(argumentsFromSchema(undefined, 'seed'), {});
    const deep: Record<string, unknown> = { type: 'object', properties: {} };
    let cursor = deep;
    for (let level = 0; level < 20; level++) {
      const next = { type: 'object', properties: {} };
      (cursor.properties as Record<string, unknown>).child = next;
      cursor = next;
    }
    assert.ok(JSON.stringify(argumentsFromSchema(deep, 'seed')).length < 200);
  });
});
