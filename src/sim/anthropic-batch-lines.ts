import type { BatchRequest } from './anthropic-batch-requests.ts';
import { isSimError, renderAnswer } from './render-answer.ts';
import { fillPiece } from './response-template.ts';
import type { SimError } from './sim-error.ts';

/** What a request's answer depends on besides its params. */
export interface BatchLineSettings {
  /** `anthropic-version` of the create request. */
  version: string;
  /** Wanted answer length in words. */
  answerTokens: number;
  /** Unique part of the answer's ids. */
  idSuffix: string;
  /** Creation time written into the answer, epoch seconds. */
  createdSeconds: number;
}

/** A rendered results line and how it came out. */
export interface BatchLine {
  /** The JSONL line, newline included. */
  text: string;
  /** True for `succeeded`, false for `errored`. */
  succeeded: boolean;
}

const standardTier = '"service_tier":"standard"';
const batchTier = '"service_tier":"batch"';

function erroredLine(customId: string, error: SimError): BatchLine {
  const result = {
    type: 'errored',
    error: {
      type: 'error',
      error: { type: error.type ?? 'invalid_request_error', message: error.message },
      request_id: null,
    },
  };
  return { text: `${JSON.stringify({ custom_id: customId, result })}\n`, succeeded: false };
}

/**
 * The results line of one request: `succeeded` with the message `/v1/messages` answers for its params (usage in the
 * `batch` service tier), or `errored` with the `invalid_request_error` the Messages API would give (params validated
 * by the same checks as `/v1/messages`). Streaming is refused per request, as the API does.
 * @see https://platform.claude.com/docs/en/api/retrieving-message-batch-results
 */
export function renderBatchLine(request: BatchRequest, settings: BatchLineSettings): BatchLine {
  const { customId, params } = request;
  if (params.stream === true) {
    return erroredLine(customId, {
      status: 400,
      type: 'invalid_request_error',
      message: '"stream=True" is not supported in the Message Batches API',
    });
  }
  const answer = renderAnswer('anthropic-messages', params, {
    version: settings.version,
    answerTokens: settings.answerTokens,
  });
  if (isSimError(answer)) return erroredLine(customId, answer);
  const message = fillPiece(answer.template.joined, settings).toString('utf8').replace(standardTier, batchTier);
  return {
    text: `{"custom_id":${JSON.stringify(customId)},"result":{"type":"succeeded","message":${message}}}\n`,
    succeeded: true,
  };
}

/** The results line of a canceled request. */
export function canceledLine(customId: string): string {
  return `{"custom_id":${JSON.stringify(customId)},"result":{"type":"canceled"}}\n`;
}
