import type { ProviderAdapter } from '../core/provider-adapter.ts';
import { UpstreamFailure } from '../core/upstream-failure.ts';
import { parseVendorError } from '../pipeline/parse-vendor-error.ts';
import { readBounded } from '../pipeline/read-bounded.ts';
import { classifyOutcome } from '../policies/classify-outcome.ts';
import { classifyReason } from './classify-reason.ts';
import type { SampleKind } from './health-window.ts';

/** What a probe found. */
export interface ProbeResult {
  /** How the result counts in the target's window. */
  kind: SampleKind;
  /** `ok` or the classified reason (`server-503`, `connect-refused`...). */
  reason: string;
  /** Time until the response headers. */
  ttfbMs: number | undefined;
  /** Whole probe time. */
  latencyMs: number;
  /** Tokens billed (input + output) as the upstream reported them: the probe's cost. */
  tokens: number;
}

/**
 * The smallest real inference request in the target's own format: one short message and one output token
 * (`max_tokens: 1` for Anthropic and OpenAI, `generationConfig.maxOutputTokens: 1` for Gemini, whose model is in the URL).
 */
export function probeBody(model: string, format: ProviderAdapter['format'] = 'openai'): string {
  if (format === 'gemini') {
    return JSON.stringify({
      contents: [{ role: 'user', parts: [{ text: 'ping' }] }],
      generationConfig: { maxOutputTokens: 1 },
    });
  }
  return JSON.stringify({ model, max_tokens: 1, messages: [{ role: 'user', content: 'ping' }] });
}

const probeOperations = { anthropic: 'messages', openai: 'chat', gemini: 'generate' } as const;

function tokensOf(body: Buffer): number {
  try {
    const usage = (JSON.parse(body.toString('utf8')) as { usage?: Record<string, unknown> }).usage ?? {};
    let total = 0;
    const parsed = JSON.parse(body.toString('utf8')) as { usageMetadata?: { totalTokenCount?: unknown } };
    if (typeof parsed.usageMetadata?.totalTokenCount === 'number') return parsed.usageMetadata.totalTokenCount;
    for (const name of ['input_tokens', 'output_tokens', 'prompt_tokens', 'completion_tokens']) {
      const value = usage[name];
      if (typeof value === 'number') total += value;
    }
    return total;
  } catch {
    return 0;
  }
}

/**
 * Sends one probe through the target's adapter with its real credential (`max_tokens: 1`), and classifies the
 * result with the same decision as live traffic. Never throws.
 */
export async function probeTarget(options: {
  adapter: ProviderAdapter;
  model: string;
  timeoutMs: number;
  now: () => number;
}): Promise<ProbeResult> {
  const { adapter, model, now } = options;
  const startedMs = now();
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await adapter.forward(
      {
        operation: probeOperations[adapter.format],
        model,
        body: probeBody(model, adapter.format),
        stream: false,
        passHeaders: {},
        search: '',
      },
      { signal, headersTimeoutMs: options.timeoutMs, idleTimeoutMs: options.timeoutMs },
    );
    const ttfbMs = now() - startedMs;
    const body = await readBounded(response.body, 64 * 1024);
    const vendor = response.status >= 400 ? parseVendorError(body) : undefined;
    const decision = classifyOutcome(
      {
        type: 'response',
        status: response.status,
        headers: response.headers,
        errorType: vendor?.errorType,
        errorCode: vendor?.errorCode,
      },
      now(),
    );
    return {
      kind: classifyReason(decision.reason),
      reason: decision.reason,
      ttfbMs,
      latencyMs: now() - startedMs,
      tokens: response.status < 400 ? tokensOf(body) : 0,
    };
  } catch (error) {
    const reason =
      error instanceof UpstreamFailure
        ? classifyOutcome(
            { type: 'failure', kind: error.kind === 'aborted' ? 'timeout' : error.kind, phase: error.phase },
            now(),
          ).reason
        : 'probe-failed';
    return { kind: 'error', reason, ttfbMs: undefined, latencyMs: now() - startedMs, tokens: 0 };
  }
}

/**
 * Whether a target is due for a probe: an idle target (no traffic, no probe) after `intervalMs` stretched by its
 * jitter (up to 10%), a suspect one `suspectIntervalMs` after its last probe. Pure.
 */
export function isProbeDue(target: {
  nowMs: number;
  lastTrafficAtMs: number;
  lastProbeAtMs: number;
  startedAtMs: number;
  suspect: boolean;
  intervalMs: number;
  suspectIntervalMs: number;
  jitter: number;
}): boolean {
  // A suspect target is probed whatever its traffic: with its breaker open, traffic is a trickle.
  if (target.suspect)
    return target.nowMs - Math.max(target.lastProbeAtMs, target.startedAtMs) >= target.suspectIntervalMs;
  const since = Math.max(target.lastTrafficAtMs, target.lastProbeAtMs, target.startedAtMs);
  return target.nowMs - since >= target.intervalMs * (1 + 0.1 * target.jitter);
}
