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
/** Operations charged no tokens: counting them, and the vendors' other paths relayed as they are (files, batches). */
const freeOperations: ReadonlySet<string> = new Set(['count_tokens', 'relay']);
const nothing: TokenUsage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };
const nothingEstimated: TokenEstimate = { inputTokens: 0, outputTokens: 0 };
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

/** What every guarded request of one server shares. */
interface GuardContext {
  access: AccessControl;
  audit: AuditRecorder;
  now: () => number;
  priceTable: () => PriceTable;
}

/** The state of one request under guard. A class, so its methods are shared rather than made per request. */
class GuardedExchange implements GuardedRequest {
  readonly #context: GuardContext;
  readonly #requestId: string;
  readonly #format: string;
  readonly #operation: string;
  readonly #headers: IncomingHttpHeaders;
  readonly #search: string;
  readonly #startedMs: number;
  readonly #recording: boolean;
  #client: ClientIdentity | undefined;
  #model = '';
  #stream = false;
  #estimate: TokenEstimate = nothingEstimated;
  #requestBody: string | null = null;
  #admitted = false;
  #done = false;

  constructor(context: GuardContext, input: Parameters<RequestGuard['open']>[0]) {
    this.#context = context;
    this.#requestId = input.requestId;
    this.#format = input.format;
    this.#operation = input.operation;
    this.#headers = input.headers;
    this.#search = input.search;
    this.#startedMs = context.now();
    this.#recording = context.audit.enabled();
    if (this.#recording) context.audit.begin(input.requestId);
  }

  authenticate(): void {
    this.#client = this.#context.access.authenticate({ headers: this.#headers, search: this.#search });
  }

  admit(request: { model: string; stream: boolean; raw: Buffer; body: Record<string, unknown> }) {
    this.#model = request.model;
    this.#stream = request.stream;
    if (!freeOperations.has(this.#operation)) this.#estimate = estimateTokens(request.raw.length, request.body);
    if (this.#keepsBodies()) this.#requestBody = clip(request.raw.toString('utf8'));
    const client = this.#client;
    if (client !== undefined) {
      const estimatedTokens = this.#estimate.inputTokens + this.#estimate.outputTokens;
      this.#context.access.admit({ client, model: this.#model, estimatedTokens });
      this.#admitted = true;
    }
    return client;
  }

  answered(answer: GatewayAnswer): void {
    const body = answer.body;
    if (!Buffer.isBuffer(body)) {
      this.#observeStream(answer, body);
      return;
    }
    this.#finish({
      status: answer.status,
      errorCode: null,
      answer,
      usage: answer.status < 400 ? findUsageInBuffer(body) : undefined,
      responseBody: this.#keepsBodies() ? clip(body.toString('utf8')) : null,
    });
  }

  failed(error: OutlastError | undefined): void {
    this.#finish({
      status: error?.status ?? clientClosedStatus,
      errorCode: error?.code ?? null,
      answer: undefined,
      usage: undefined,
      responseBody: null,
    });
  }

  #keepsBodies(): boolean {
    return this.#recording && this.#context.audit.includeBodies();
  }

  /** Relayed streams are observed as they pass: usage events are scanned, nothing is buffered (bar opt-in bodies). */
  #observeStream(answer: GatewayAnswer, body: Readable): void {
    const scanner = createUsageScanner();
    const keep = this.#keepsBodies();
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
      this.#finish({
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

  /** Settles the key's tokens and spend, and queues the audit record; once per request. */
  #finish(outcome: Outcome): void {
    if (this.#done) return;
    this.#done = true;
    const { access, audit, now } = this.#context;
    const answer = outcome.answer;
    const estimate = this.#estimate;
    const succeeded = outcome.status < 400 && answer !== undefined;
    // An answer without usage (an OpenAI stream without include_usage) is charged its estimate.
    let charged: TokenUsage | undefined;
    if (succeeded) {
      charged = freeOperations.has(this.#operation)
        ? nothing
        : (outcome.usage ?? {
            inputTokens: estimate.inputTokens,
            cachedInputTokens: 0,
            outputTokens: estimate.outputTokens,
          });
    }
    const price = answer === undefined ? undefined : this.#context.priceTable().priceOf(answer.provider, answer.model);
    const costUsd = charged === undefined || price === undefined ? 0 : computeCostUsd(charged, price);
    const client = this.#client;
    if (client !== undefined && this.#admitted) {
      const usedTokens =
        charged === undefined ? 0 : charged.inputTokens + charged.cachedInputTokens + charged.outputTokens;
      access.settle({ client, estimatedTokens: estimate.inputTokens + estimate.outputTokens, usedTokens, costUsd });
    }
    if (!this.#recording) return;
    audit.end({
      requestId: this.#requestId,
      timeMs: this.#startedMs,
      keyId: client?.keyId ?? null,
      format: this.#format,
      operation: this.#operation,
      model: this.#model,
      stream: this.#stream,
      status: outcome.status,
      errorCode: outcome.errorCode,
      provider: answer?.provider ?? null,
      targetModel: answer?.model ?? null,
      fallback: answer?.fallback ?? false,
      cache: marker(answer, 'cache'),
      degraded: marker(answer, 'degraded'),
      durationMs: now() - this.#startedMs,
      inputTokens: outcome.usage?.inputTokens ?? null,
      cachedInputTokens: outcome.usage?.cachedInputTokens ?? null,
      outputTokens: outcome.usage?.outputTokens ?? null,
      costUsd: charged === undefined || price === undefined ? null : costUsd,
      requestBody: this.#requestBody,
      responseBody: outcome.responseBody,
    });
  }
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
  let compiledFrom: object | undefined;
  let prices: PriceTable | undefined;
  const context: GuardContext = {
    access: options.access,
    audit: options.audit,
    now: options.now,
    // Compiled once per config (hot reload swaps the object).
    priceTable() {
      const overrides = options.pricing();
      if (prices === undefined || compiledFrom !== overrides) {
        prices = createPriceTable({ overrides, defaults: defaultPrices });
        compiledFrom = overrides;
      }
      return prices;
    },
  };
  return { open: (input) => new GuardedExchange(context, input) };
}
