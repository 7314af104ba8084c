import type { BatchLineError } from './sim-resources.ts';

type JsonObject = Record<string, unknown>;

/** Most requests in one input file. */
const maxTasks = 50_000;

/** Most line problems reported for one input file. */
const maxErrors = 1000;

/** One request of an input file. */
export interface BatchTask {
  /** The caller's id of the request. */
  customId: string;
  /** The body sent to the batch's endpoint. */
  body: JsonObject;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lineError(code: string, message: string, param: string | null, line: number | null): BatchLineError {
  return { code, message, param, line };
}

function missing(field: string, line: number): BatchLineError {
  return lineError('missing_required_parameter', `Missing required parameter: '${field}'.`, field, line);
}

function checkLine(value: unknown, line: number, endpoint: string): BatchLineError | BatchTask {
  if (!isObject(value)) return lineError('invalid_json_line', 'This line is not a JSON object.', null, line);
  for (const field of ['custom_id', 'method', 'url', 'body'])
    if (value[field] === undefined) return missing(field, line);
  if (typeof value.custom_id !== 'string' || value.custom_id.length === 0) {
    return lineError('invalid_value', "Invalid 'custom_id': expected a non-empty string.", 'custom_id', line);
  }
  if (value.method !== 'POST') {
    return lineError('invalid_value', "Invalid 'method': only POST is supported.", 'method', line);
  }
  if (value.url !== endpoint) {
    const message = `The url '${String(value.url)}' does not match the batch endpoint '${endpoint}'.`;
    return lineError('url_mismatch', message, 'url', line);
  }
  if (!isObject(value.body)) return lineError('invalid_value', "Invalid 'body': expected an object.", 'body', line);
  return { customId: value.custom_id, body: value.body };
}

/**
 * Validates an input file as the Batch API does before running it: one JSON request per line (`custom_id`, `method:
 * POST`, `url` equal to the batch's endpoint, `body`), unique `custom_id`s, one model, at most 50,000 lines.
 * @see https://platform.openai.com/docs/api-reference/batch/request-input
 */
export function readBatchInput(
  content: Buffer,
  endpoint: string,
): { ok: true; tasks: BatchTask[] } | { ok: false; errors: BatchLineError[] } {
  const lines = content.toString('utf8').split('\n');
  const tasks: BatchTask[] = [];
  const errors: BatchLineError[] = [];
  const seen = new Set<string>();
  let model: unknown;
  for (let index = 0; index < lines.length && errors.length < maxErrors && tasks.length <= maxTasks; index++) {
    const text = lines[index]!.trim();
    if (text.length === 0) continue;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      errors.push(lineError('invalid_json_line', 'This line is not parseable as valid JSON.', null, line));
      continue;
    }
    const task = checkLine(value, line, endpoint);
    if (!('customId' in task)) {
      errors.push(task);
      continue;
    }
    if (seen.has(task.customId)) {
      const message = `The custom_id '${task.customId}' is duplicated: each request needs its own.`;
      errors.push(lineError('duplicate_custom_id', message, 'custom_id', line));
      continue;
    }
    seen.add(task.customId);
    if (tasks.length === 0) model = task.body.model;
    else if (task.body.model !== model) {
      const message = `Every request of a batch must use the same model: expected '${String(model)}', got '${String(task.body.model)}'.`;
      errors.push(lineError('model_mismatch', message, 'body.model', line));
      continue;
    }
    tasks.push(task);
  }
  if (errors.length > 0) return { ok: false, errors };
  if (tasks.length === 0) {
    return { ok: false, errors: [lineError('empty_file', 'The batch input file is empty.', null, null)] };
  }
  if (tasks.length > maxTasks) {
    const message = `The batch input file has more than ${maxTasks} requests.`;
    return { ok: false, errors: [lineError('too_many_tasks', message, null, null)] };
  }
  return { ok: true, tasks };
}
