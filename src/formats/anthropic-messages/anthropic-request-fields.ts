import type { TranslationWarning } from '../../core/canonical.ts';
import { OutlastError } from '../../errors/outlast-error.ts';

/** A JSON object read from a request body. */
export type Fields = Record<string, unknown>;

/** True for a plain JSON object. */
export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The error for a field the canonical form cannot represent or that has the wrong shape. */
export function invalidField(param: string, message: string): OutlastError {
  return new OutlastError('OUTLAST_INVALID_REQUEST', `Invalid \`${param}\`: ${message}`, { param });
}

/** Reads a required string field. */
export function requireString(object: Fields, key: string, path: string): string {
  const value = object[key];
  if (typeof value !== 'string') throw invalidField(`${path}.${key}`, 'must be a string');
  return value;
}

/**
 * Reports with `dropped-field` every field of `object` outside `known` that holds a value (null, false and empty
 * arrays change nothing). `cache_control` is dropped silently: it is an optimisation, not a meaning.
 */
export function dropUnknownFields(
  object: Fields,
  known: readonly string[],
  path: string,
  warnings: TranslationWarning[],
): void {
  for (const [key, value] of Object.entries(object)) {
    if (known.includes(key) || key === 'cache_control') continue;
    if (value === null || value === undefined || value === false) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    const field = path === '' ? key : `${path}.${key}`;
    warnings.push({
      code: 'dropped-field',
      field,
      message: `\`${field}\` has no equivalent outside Anthropic; dropped.`,
    });
  }
}
