import { z } from 'zod';
import { MAX_JOB_DEADLINE_S } from '../config/jobs-schema.ts';
import { OutlastError } from '../errors/outlast-error.ts';
import { type ClientEndpoint, clientEndpoints } from '../formats/client-endpoints.ts';
import { formatIssuePath, validateRequest } from '../formats/shared/parse-request-body.ts';

/** Formats the jobs API may name; `gemini` is refused clearly until the Gemini format is served. */
const servedEndpoints: Readonly<Record<string, string>> = {
  openai: '/v1/chat/completions',
  anthropic: '/v1/messages',
};

/** The body of `POST /v1/outlast/jobs`. */
export const jobSubmissionSchema = z.strictObject({
  format: z.enum(['openai', 'anthropic', 'gemini']).describe('The wire format of `request`.'),
  request: z.record(z.string(), z.unknown()).describe('The body of that format’s model endpoint.'),
  callback_url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2048)
    .optional()
    .describe('Where the finished job is POSTed, signed.'),
  deadline_s: z
    .int()
    .positive()
    .max(MAX_JOB_DEADLINE_S)
    .optional()
    .describe('Seconds the job may wait and retry; default jobs.default_deadline_s.'),
  priority: z.int().min(-1000).max(1000).default(0).describe('Higher runs first; default 0.'),
  idempotency_key: z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe('The same key with the same request returns the existing job.'),
});

/** Job options shared by the jobs endpoint and `Prefer: respond-async`. */
export interface JobOptions {
  /** Callback URL, if any. */
  callbackUrl: string | undefined;
  /** Seconds until the deadline, if given. */
  deadlineS: number | undefined;
  /** Priority. */
  priority: number;
  /** Idempotency key, if any. */
  idempotencyKey: string | undefined;
}

/** A validated submission: the model endpoint it targets, its checked body, and the job options. */
export interface JobSubmission extends JobOptions {
  /** The model endpoint whose schema validated the request. */
  endpoint: ClientEndpoint;
  /** The request body. */
  body: Record<string, unknown>;
  /** The model the request names. */
  model: string;
}

/**
 * Validates a jobs API body: the envelope strictly, then the inner request with the same schema as its endpoint,
 * so a bad request is a 400 naming the field (`request.messages[0].role`) and is never queued.
 */
export function parseJobSubmission(parsed: unknown): JobSubmission {
  const envelope = jobSubmissionSchema.safeParse(parsed);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    const param = issue === undefined ? '' : formatIssuePath(issue.path);
    const keys = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : '';
    const where = param === '' ? (keys === '' ? 'request body' : `\`${keys}\``) : `\`${param}\``;
    throw new OutlastError('OUTLAST_INVALID_REQUEST', `Invalid ${where}: ${issue?.message ?? 'invalid value'}`, {
      ...(param === '' ? (keys === '' ? {} : { param: keys }) : { param }),
    });
  }
  const data = envelope.data;
  const path = servedEndpoints[data.format];
  const endpoint = path === undefined ? undefined : clientEndpoints.get(path);
  if (endpoint === undefined) {
    throw new OutlastError(
      'OUTLAST_INVALID_REQUEST',
      `Invalid \`format\`: '${data.format}' is not served by this gateway; use openai or anthropic.`,
      { param: 'format' },
    );
  }
  let fields: { model?: string | undefined };
  try {
    fields = validateRequest(endpoint.schema, data.request);
  } catch (error) {
    if (!OutlastError.isOutlastError(error) || error.param === undefined) throw error;
    const param = `request.${error.param}`;
    throw new OutlastError('OUTLAST_INVALID_REQUEST', error.message.replace(`\`${error.param}\``, `\`${param}\``), {
      param,
    });
  }
  return {
    endpoint,
    body: data.request,
    model: fields.model ?? '',
    callbackUrl: data.callback_url,
    deadlineS: data.deadline_s,
    priority: data.priority,
    idempotencyKey: data.idempotency_key,
  };
}
