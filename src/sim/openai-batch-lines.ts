import { createIdSuffix } from './ids.ts';
import { type BatchTask, readBatchInput } from './openai-batch-input.ts';
import { renderOpenAiError } from './openai-error.ts';
import { isSimError, renderAnswer } from './render-answer.ts';
import { fillPiece } from './response-template.ts';
import type { RouteKind } from './route-request.ts';
import type { SimError } from './sim-error.ts';
import type { BatchLineError, BatchUsage } from './sim-resources.ts';

/** Endpoints a batch may target, and the route that answers each. */
export const batchEndpoints = new Map<string, RouteKind>([
  ['/v1/chat/completions', 'openai-chat'],
  ['/v1/responses', 'openai-responses'],
  ['/v1/embeddings', 'openai-embeddings'],
]);

/** What running a batch's input file depends on besides the file. */
export interface BatchRunSettings {
  /** The batch's endpoint (one of `batchEndpoints`). */
  endpoint: string;
  /** Wanted answer length in words. */
  answerTokens: number;
  /** Creation time written into the answers, epoch seconds. */
  createdSeconds: number;
  /** Most bytes the output lines may take (the simulator's free storage). */
  maxBytes: number;
}

/** The outcome of an input file: validation problems (the batch fails), or every request answered or refused. */
export interface BatchRun {
  /** Problems found while validating; when any, nothing was answered. */
  errors: BatchLineError[];
  /** Output lines of answered requests, newline-terminated. */
  output: string;
  /** Output lines of refused requests (an HTTP error in `response`), newline-terminated. */
  errorOutput: string;
  /** Requests in the file. */
  total: number;
  /** Requests answered. */
  completed: number;
  /** Requests refused. */
  failed: number;
  /** Token totals of the answered requests. */
  usage: BatchUsage;
  /** The model the requests name. */
  model: string | undefined;
}

function outputLine(customId: string, status: number, body: string): string {
  const suffix = createIdSuffix();
  return `{"id":"batch_req_${suffix}","custom_id":${JSON.stringify(customId)},"response":{"status_code":${status},"request_id":"req_${suffix}","body":${body}},"error":null}\n`;
}

function addUsage(usage: BatchUsage, body: string): void {
  const reported = (JSON.parse(body) as { usage?: Record<string, unknown> }).usage;
  const input = reported?.prompt_tokens ?? reported?.input_tokens;
  const output = reported?.completion_tokens ?? reported?.output_tokens;
  usage.inputTokens += typeof input === 'number' ? input : 0;
  usage.outputTokens += typeof output === 'number' ? output : 0;
}

function answerTask(task: BatchTask, kind: RouteKind, settings: BatchRunSettings): { body: string } | SimError {
  if (task.body.stream === true) {
    return {
      status: 400,
      type: 'invalid_request_error',
      param: 'stream',
      message: 'Streaming is not supported in the Batch API.',
    };
  }
  const answer = renderAnswer(kind, task.body, { version: '', answerTokens: settings.answerTokens });
  if (isSimError(answer)) return answer;
  const fill = { idSuffix: createIdSuffix(), createdSeconds: settings.createdSeconds };
  return { body: fillPiece(answer.template.joined, fill).toString('utf8') };
}

/**
 * Runs an input file: each request answered as its endpoint would answer it alone (the same renderers), an answer to
 * the output lines, a refusal (the endpoint's 400) to the error lines. Undefined when the output would not fit in
 * `maxBytes`.
 * @see https://platform.openai.com/docs/api-reference/batch/request-output
 */
export function runBatchInput(content: Buffer, settings: BatchRunSettings): BatchRun | undefined {
  const read = readBatchInput(content, settings.endpoint);
  const usage: BatchUsage = { inputTokens: 0, outputTokens: 0 };
  const run: BatchRun = {
    errors: [],
    output: '',
    errorOutput: '',
    total: 0,
    completed: 0,
    failed: 0,
    usage,
    model: undefined,
  };
  if (!read.ok) return { ...run, errors: read.errors };
  const { tasks } = read;
  const kind = batchEndpoints.get(settings.endpoint)!;
  const output: string[] = [];
  const errorOutput: string[] = [];
  let bytes = 0;
  for (const task of tasks) {
    const answer = answerTask(task, kind, settings);
    const refused = 'status' in answer;
    const line = refused
      ? outputLine(task.customId, answer.status, renderOpenAiError(answer))
      : outputLine(task.customId, 200, answer.body);
    bytes += Buffer.byteLength(line);
    if (bytes > settings.maxBytes) return undefined;
    if (refused) errorOutput.push(line);
    else {
      output.push(line);
      addUsage(usage, answer.body);
    }
  }
  const model = tasks[0]!.body.model;
  return {
    ...run,
    output: output.join(''),
    errorOutput: errorOutput.join(''),
    total: tasks.length,
    completed: output.length,
    failed: errorOutput.length,
    model: typeof model === 'string' ? model : undefined,
  };
}
