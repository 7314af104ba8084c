import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { AuditRecorder } from '../audit/create-audit-recorder.ts';
import type { ClientIdentity, GatewayAnswer } from '../core/gateway-request.ts';
import type { OutlastError } from '../errors/outlast-error.ts';
import type { AccessControl } from './access-control.ts';
import { defaultPrices } from './default-prices.ts';
import { estimateTokens, type TokenEstimate } from './estimate-tokens.ts';
import { computeCostUsd, createPriceTable, type PriceEntry, type PriceTable } from './price-table.ts';
import { createUsageScanner, findUsageInBuffer, type TokenUsage } from './read-usage.ts';

/** Bodies kept in the audit trail are cut at this size. */
const maxAuditBodyBytes = 1024 * 1024;
/** Operations the vendors do not bill (counting tokens): no token charge, no cost. */
const freeOperations: ReadonlySet<string> = new Set(['count_tokens']);
const nothing: TokenUsage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };
/** Status recorded for a client that left before its answer (nginx's convention). */
const clientClosedStatus = 499;

/** One client request under guard: its key, limits, usage, spend and audit record. */
export interface GuardedRequest {
  /** Checks the client key (401 in the client's format when client keys are enforced and it is not valid). */
  authenticate(): void;
  /** After parsing: scope, budgets and rate limits; returns the client identity for the pipeline. */
  admit(input: {
    model: string;
    stream: boolean;
    raw: Buffer;
    body: Record<string, unknown>;
  }): ClientIdentity | undefined;
  /** The answer was handed to the client (call right after writing its head): settles when its body ends. */
  answered(answer: GatewayAnswer): void;
  /** The request ended with a gateway error, or with no answer when the client left (`undefined`). */
  failed(error: OutlastError | undefined): void;
}

/** Opens a guarded request per client request. */
export interface RequestGuard {
  /** Starts guarding a request (never throws). */
  open(input: {
    requestId: string;
    format: string;
    operation: string;
    headers: IncomingHttpHeaders;
    search: string;
  }): GuardedRequest;
}

interface Outcome {
  status: number;
  errorCode: string | null;
  answer: GatewayAnswer | undefined;
  usage: TokenUsage | undefined;
  responseBody: string | null;
}

function marker(answer: GatewayAnswer | undefined, field: 'cache' | 'degraded'): string | null {
  // Cache and degradation markers come from interceptors that set them on the answer when they exist.
  const value = (answer as unknown as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' ? value : null;
}

function clip(text: string): string {
  return text.length > maxAuditBodyBytes ? text.slice(0, maxAuditBodyBytes) : text;
}

/**
 * Composes access control, usage reading, pricing and the audit trail around one request, for the request handler:
 * authenticate before the body is read, admit after it is parsed, then settle usage and spend and record the request
 * when the answer's body ends. Usage comes from the answer in the client's format: the body of a JSON answer, or
 * the usage events of a stream observed as it is relayed (never buffered).
 */
export function createRequestGuard(options: {
  access: AccessControl;
  audit: AuditRecorder;
  /** The `pricing` of the config in force. */
  pricing: () => Readonly<Record<string, PriceEntry>>;
  now: () => number;
}): RequestGuard {
  const { access, audit, now } = options;
  let compiledFrom: object | undefined;
  let prices: PriceTable | undefined;
  const priceTable = (): PriceTable => {
    const overrides = options.pricing();
    if (prices === undefined || compiledFrom !== overrides) {
      prices = createPriceTable({ overrides, defaults: defaultPrices });
      compiledFrom = overrides;
    }
    return prices;
  };

  return {
    open(input) {
      const startedMs = now();
      const recording = audit.enabled();
      if (recording) audit.begin(input.requestId);
      let client: ClientIdentity | undefined;
      let model = '';
      let stream = false;
      let estimate: TokenEstimate = { inputTokens: 0, outputTokens: 0 };
      let requestBody: string | null = null;
      let admitted = false;
      let done = false;

      function finish(outcome: Outcome): void {
        if (done) return;
        done = true;
        const answer = outcome.answer;
        const succeeded = outcome.status < 400 && answer !== undefined;
        // An answer without usage (an OpenAI stream without include_usage) is charged its estimate.
        const free = freeOperations.has(input.operation);
        const charged: TokenUsage | undefined = succeeded
          ? free
            ? nothing
            : (outcome.usage ?? {
                inputTokens: estimate.inputTokens,
                cachedInputTokens: 0,
                outputTokens: estimate.outputTokens,
              })
          : undefined;
        const price = answer === undefined ? undefined : priceTable().priceOf(answer.provider, answer.model);
        const costUsd = charged === undefined ? 0 : price === undefined ? 0 : computeCostUsd(charged, price);
        if (client !== undefined && admitted) {
          const usedTokens =
            charged === undefined ? 0 : charged.inputTokens + charged.cachedInputTokens + charged.outputTokens;
          access.settle({
            client,
            estimatedTokens: estimate.inputTokens + estimate.outputTokens,
            usedTokens,
            costUsd,
          });
        }
        if (!recording) return;
        audit.end({
          requestId: input.requestId,
          timeMs: startedMs,
          keyId: client?.keyId ?? null,
          format: input.format,
          operation: input.operation,
          model,
          stream,
          status: outcome.status,
          errorCode: outcome.errorCode,
          provider: answer?.provider ?? null,
          targetModel: answer?.model ?? null,
          fallback: answer?.fallback ?? false,
          cache: marker(answer, 'cache'),
          degraded: marker(answer, 'degraded'),
          durationMs: now() - startedMs,
          inputTokens: outcome.usage?.inputTokens ?? null,
          cachedInputTokens: outcome.usage?.cachedInputTokens ?? null,
          outputTokens: outcome.usage?.outputTokens ?? null,
          costUsd: charged === undefined ? null : price === undefined ? null : costUsd,
          requestBody,
          responseBody: outcome.responseBody,
        });
      }

      function observeStream(answer: GatewayAnswer, body: Readable): void {
        const scanner = createUsageScanner();
        const keep = recording && audit.includeBodies();
        const kept: Buffer[] = [];
        let keptBytes = 0;
        const take = (chunk: Buffer) => {
          scanner.push(chunk);
          if (keep && keptBytes < maxAuditBodyBytes) {
            kept.push(chunk);
            keptBytes += chunk.length;
          }
        };
        for (const chunk of answer.prefix) take(chunk);
        const end = (errorCode: string | null) =>
          finish({
            status: answer.status,
            errorCode,
            answer,
            usage: scanner.usage(),
            responseBody: keep ? clip(Buffer.concat(kept).toString('utf8')) : null,
          });
        if (body.readableEnded) {
          end(null);
          return;
        }
        if (body.errored !== null || body.destroyed) {
          end('OUTLAST_STREAM_INTERRUPTED');
          return;
        }
        body.on('data', take);
        body.once('end', () => end(null));
        body.once('error', () => end('OUTLAST_STREAM_INTERRUPTED'));
        body.once('close', () => end(body.readableEnded ? null : 'OUTLAST_STREAM_INTERRUPTED'));
      }

      return {
        authenticate() {
          client = access.authenticate({ headers: input.headers, search: input.search });
        },
        admit(request) {
          model = request.model;
          stream = request.stream;
          if (!freeOperations.has(input.operation)) estimate = estimateTokens(request.raw.length, request.body);
          if (recording && audit.includeBodies()) requestBody = clip(request.raw.toString('utf8'));
          if (client !== undefined) {
            access.admit({ client, model, estimatedTokens: estimate.inputTokens + estimate.outputTokens });
            admitted = true;
          }
          return client;
        },
        answered(answer) {
          const body = answer.body;
          if (!Buffer.isBuffer(body)) {
            observeStream(answer, body);
            return;
          }
          const keep = recording && audit.includeBodies();
          finish({
            status: answer.status,
            errorCode: null,
            answer,
            usage: answer.status < 400 ? findUsageInBuffer(body) : undefined,
            responseBody: keep ? clip(body.toString('utf8')) : null,
          });
        },
        failed(error) {
          finish({
            status: error?.status ?? clientClosedStatus,
            errorCode: error?.code ?? null,
            answer: undefined,
            usage: undefined,
            responseBody: null,
          });
        },
      };
    },
  };
}
