import { OutlastError } from '../../errors/outlast-error.ts';

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An OUTLAST_INVALID_REQUEST naming the OpenAI field at fault (the SDKs show it as `param`). */
export function invalidField(param: string, message: string): OutlastError {
  return new OutlastError('OUTLAST_INVALID_REQUEST', `Invalid \`${param}\`: ${message}`, { param });
}

/** A number field; null and absent read as undefined. */
export function readNumber(value: unknown, param: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidField(param, 'must be a number');
  return value;
}

/** A boolean field; null and absent read as undefined. */
export function readBoolean(value: unknown, param: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidField(param, 'must be a boolean');
  return value;
}

/** A string field; null and absent read as undefined. */
export function readString(value: unknown, param: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidField(param, 'must be a string');
  return value;
}
