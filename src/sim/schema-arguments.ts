import { hashText } from './hash-text.ts';
import { vocabulary } from './vocabulary.ts';

type JsonObject = Record<string, unknown>;

const maxDepth = 8;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function schemaType(schema: JsonObject): string {
  const declared = schema.type;
  if (typeof declared === 'string') return declared;
  if (Array.isArray(declared)) {
    const first = declared.find((type) => type !== 'null') ?? declared[0];
    if (typeof first === 'string') return first;
  }
  if (isObject(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return 'string';
}

function stringFor(schema: JsonObject, hash: number): string {
  const word = vocabulary[hash % vocabulary.length]!;
  switch (schema.format) {
    case 'date-time':
      return '2026-01-01T00:00:00Z';
    case 'date':
      return '2026-01-01';
    case 'email':
      return `user${hash % 1000}@example.com`;
    case 'uri':
    case 'url':
      return `https://example.com/${hash % 1000}`;
    case 'uuid':
      return `00000000-0000-4000-8000-${hash.toString(16).padStart(12, '0')}`;
    default:
      return word;
  }
}

function numberFor(schema: JsonObject, hash: number): number {
  let value = (hash % 100) + 1;
  if (typeof schema.minimum === 'number' && value < schema.minimum) value = Math.ceil(schema.minimum);
  if (typeof schema.maximum === 'number' && value > schema.maximum) value = Math.floor(schema.maximum);
  return value;
}

function valueFor(schema: unknown, seed: string, path: string, depth: number): unknown {
  if (!isObject(schema)) return vocabulary[hashText(path, hashText(seed)) % vocabulary.length];
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (Array.isArray(alternatives) && alternatives.length > 0) {
    const chosen = alternatives.find((option) => !(isObject(option) && option.type === 'null')) ?? alternatives[0];
    return valueFor(chosen, seed, path, depth + 1);
  }
  const hash = hashText(path, hashText(seed));
  switch (schemaType(schema)) {
    case 'integer':
    case 'number':
      return numberFor(schema, hash);
    case 'boolean':
      return (hash & 1) === 0;
    case 'null':
      return null;
    case 'array': {
      if (depth >= maxDepth || schema.items === undefined) return [];
      const count = typeof schema.minItems === 'number' && schema.minItems > 1 ? schema.minItems : 1;
      const items: unknown[] = [];
      for (let index = 0; index < count; index++)
        items.push(valueFor(schema.items, seed, `${path}.${index}`, depth + 1));
      return items;
    }
    case 'object':
      return depth >= maxDepth ? {} : objectFor(schema, seed, path, depth);
    default:
      return stringFor(schema, hash);
  }
}

function objectFor(schema: JsonObject, seed: string, path: string, depth: number): JsonObject {
  const result: JsonObject = {};
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [name, property] of Object.entries(properties)) {
    result[name] = valueFor(property, seed, `${path}.${name}`, depth + 1);
  }
  if (Array.isArray(schema.required)) {
    for (const name of schema.required) {
      if (typeof name === 'string' && !(name in result))
        result[name] = valueFor({}, seed, `${path}.${name}`, depth + 1);
    }
  }
  return result;
}

/**
 * Deterministic tool arguments that satisfy a JSON Schema: every declared and required property, strings as words,
 * numbers within bounds, enums as their first value, arrays and objects recursively. Always an object at the top.
 */
export function argumentsFromSchema(schema: unknown, seed: string): JsonObject {
  return isObject(schema) ? objectFor(schema, seed, '$', 0) : {};
}
