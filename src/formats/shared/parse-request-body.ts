import { isUtf8 } from 'node:buffer';
import type { z } from 'zod';
import { OutlastError } from '../../errors/outlast-error.ts';
import { measureJsonDepth } from './measure-json-depth.ts';

/**
 * Parses a JSON body; broken JSON or text that is not UTF-8 becomes OUTLAST_INVALID_JSON with the parser's position,
 * nesting deeper than `maxDepth` OUTLAST_JSON_TOO_DEEP (checked before parsing).
 */
export function parseJsonBody(raw: Buffer, maxDepth = 128): unknown {
  if (!isUtf8(raw)) {
    throw new OutlastError('OUTLAST_INVALID_JSON', 'The request body is not valid UTF-8 text.');
  }
  if (measureJsonDepth(raw, maxDepth) > maxDepth) {
    throw new OutlastError(
      'OUTLAST_JSON_TOO_DEEP',
      `The request body nests arrays and objects deeper than ${maxDepth} levels (server.max_json_depth).`,
    );
  }
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
