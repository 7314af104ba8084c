/**
 * Small predicates for the quick checks that stand beside the request schemas: each endpoint's `accepts(body)` says
 * yes exactly when its zod schema would, without zod's copy of the body (tens of microseconds on an agent's request
 * of a few hundred messages). A no sends the body to zod, which names the field that is wrong. Property tests hold
 * each check equal to its schema (src/formats/quick-checks.property.test.ts).
 */

/** A JSON object: not null, not an array (zod's object check). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isString(value: unknown): value is string {
  return typeof value === 'string';
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

export function isBoolean(value: unknown): value is boolean {
  return typeof value === 'boolean';
}

/** zod's `z.number()`: a finite number. */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** zod's `z.int().min(min)`: a safe integer of at least `min`. */
export function isIntAtLeast(min: number): (value: unknown) => boolean {
  return (value) => Number.isSafeInteger(value) && (value as number) >= min;
}

/** An array whose every element passes `check`. */
export function isArrayOf(check: (element: unknown) => boolean): (value: unknown) => boolean {
  return (value) => Array.isArray(value) && value.every(check);
}

/** `.optional()`: absent, or passes `check`. */
export function optional(value: unknown, check: (value: unknown) => boolean): boolean {
  return value === undefined || check(value);
}

/** `.nullable().optional()`: absent, null, or passes `check`. */
export function nullish(value: unknown, check: (value: unknown) => boolean): boolean {
  return value === undefined || value === null || check(value);
}

/** An object with a string `type` (a content part, block, tool). */
export function hasStringType(value: unknown): boolean {
  return isObject(value) && typeof value.type === 'string';
}
