import type { z } from 'zod';
import { OutlastError } from '../../errors/outlast-error.ts';

/** Parses a JSON body; broken JSON becomes OUTLAST_INVALID_JSON with the parser's position. */
export function parseJsonBody(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'unknown error';
    throw new OutlastError('OUTLAST_INVALID_JSON', `The request body is not valid JSON: ${detail}`);
  }
}

/** Formats a zod issue path as the client sees fields: `messages[0].content`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

/** Validates a parsed body against a request schema; the first problem becomes OUTLAST_INVALID_REQUEST naming its field. */
export function validateRequest<Schema extends z.ZodType>(schema: Schema, body: unknown): z.output<Schema> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue === undefined ? '' : formatIssuePath(issue.path);
  const where = param === '' ? 'request body' : `\`${param}\``;
  const message = `Invalid ${where}: ${issue?.message ?? 'invalid value'}`;
  throw new OutlastError('OUTLAST_INVALID_REQUEST', message, param === '' ? {} : { param });
}
