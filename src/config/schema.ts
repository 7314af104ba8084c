import { z } from 'zod';
import { openAICompatiblePresets } from '../providers/openai-compatible/openai-compatible-presets.ts';
import { PRESET_NAMES } from '../providers/openai-compatible/preset-names.ts';
import { alertsSchema } from './alerts-schema.ts';
import { cacheSettingsSchema, routeCacheSchema, routeDegradeFields } from './cache-schema.ts';
import type { CrossFieldProblem } from './find-cross-field-problems.ts';
import { findCrossFieldProblems, findProviderProblems } from './find-cross-field-problems.ts';
import { jobsSchema } from './jobs-schema.ts';
import { monitoringSchema } from './monitoring-schema.ts';
import { DEFAULT_SERVER_HARDENING, serverHardeningFields, telemetrySchema } from './server-hardening-schema.ts';
import { statusPageSchema } from './status-page-schema.ts';

/** Provider types Outlast can call today. */
export const PROVIDER_TYPES = ['anthropic', 'openai', 'openai-compatible', 'gemini', 'azure-openai'] as const;

/** Provider types named in the spec that are not implemented yet: rejected with a clear message instead of "invalid option". */
export const PLANNED_PROVIDER_TYPES = ['bedrock'] as const;

/** Azure OpenAI `api-version` sent when a provider names none: the current GA version of the inference API. */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

/** `anthropic-version` header values Outlast knows how to send upstream. */
export const ANTHROPIC_VERSIONS = ['2023-06-01', '2026-10-21'] as const;

export type ProviderType = (typeof PROVIDER_TYPES)[number];

/** Base URL per provider type when `base_url` is omitted, written as the vendor's own SDK takes it. */
export const DEFAULT_BASE_URLS: Readonly<Record<ProviderType, string | undefined>> = {
  anthropic: 'https://api.anthropic.com',
  openai: 'https://api.openai.com/v1',
  'openai-compatible': undefined,
  gemini: 'https://generativelanguage.googleapis.com',
  'azure-openai': undefined,
};

/** Model globs per provider type when `models` is omitted: the names it serves for requests that match no route. */
export const DEFAULT_MODELS: Readonly<Record<ProviderType, readonly string[]>> = {
  anthropic: ['claude-*'],
  openai: ['gpt-*', 'o1*', 'o3*', 'o4*', 'chatgpt-*', 'text-embedding-*', 'omni-moderation-*'],
  'openai-compatible': [],
  gemini: ['gemini-*'],
  'azure-openai': [],
};

/** Upstream timeouts when neither a provider nor a route overrides them. */
export const DEFAULT_TIMEOUTS = {
  connect_ms: 10_000,
  headers_ms: 60_000,
  first_token_ms: 60_000,
  idle_ms: 90_000,
  total_ms: 600_000,
} as const;

/** Same-target retry policy (wire-and-resilience A12.3). */
export const DEFAULT_RETRY = {
  same_target_retries: 1,
  base_ms: 500,
  cap_ms: 8_000,
  max_retry_after_ms: 60_000,
  budget_max_tokens: 10,
  budget_token_ratio: 0.1,
} as const;

/** Circuit breaker per target (A12.4). */
export const DEFAULT_BREAKER = {
  consecutive_failures: 5,
  failure_rate: 0.5,
  minimum_calls: 20,
  window_ms: 60_000,
  base_open_ms: 30_000,
  max_open_ms: 300_000,
  half_open_probes: 1,
} as const;

export const DEFAULT_SERVER = { port: 8700, host: '127.0.0.1', body_limit_bytes: 32 * 1024 * 1024 } as const;

export const DEFAULT_MAX_ATTEMPTS = 3;

export const DEFAULT_MAX_CONNECTIONS = 1024;

const PROVIDER_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const timeoutFields = {
  connect_ms: z.int().positive().describe('Milliseconds allowed to open the TCP/TLS connection to the upstream.'),
  headers_ms: z
    .int()
    .positive()
    .describe('Milliseconds allowed from sending the request until the response headers arrive.'),
  first_token_ms: z
    .int()
    .positive()
    .describe(
      'Streams only: milliseconds allowed from the response headers until the first meaningful event (text, tool call or finish); until then the gateway may still fail over.',
    ),
  idle_ms: z
    .int()
    .positive()
    .describe('Longest silence, in milliseconds, allowed between two chunks of a response body (streams included).'),
  total_ms: z
    .int()
    .positive()
    .describe('Longest time, in milliseconds, one client request may take, every attempt included, to the last byte.'),
};

const timeoutsSchema = z
  .strictObject({
    connect_ms: timeoutFields.connect_ms.default(DEFAULT_TIMEOUTS.connect_ms),
    headers_ms: timeoutFields.headers_ms.default(DEFAULT_TIMEOUTS.headers_ms),
    first_token_ms: timeoutFields.first_token_ms.default(DEFAULT_TIMEOUTS.first_token_ms),
    idle_ms: timeoutFields.idle_ms.default(DEFAULT_TIMEOUTS.idle_ms),
    total_ms: timeoutFields.total_ms.default(DEFAULT_TIMEOUTS.total_ms),
  })
  .describe('Upstream timeouts for every attempt.');

// A separate object without defaults: `.partial()` of the one above would still fill in every default.
const timeoutOverridesSchema = z
  .strictObject({
    connect_ms: timeoutFields.connect_ms.optional(),
    headers_ms: timeoutFields.headers_ms.optional(),
    first_token_ms: timeoutFields.first_token_ms.optional(),
    idle_ms: timeoutFields.idle_ms.optional(),
    total_ms: timeoutFields.total_ms.optional(),
  })
  .describe('Overrides of defaults.timeouts; keys left out keep the default.');

const maxAttemptsField = z.int().min(1).max(5);

const serverSchema = z
  .strictObject({
    port: z
      .int()
      .min(0)
      .max(65_535)
      .default(DEFAULT_SERVER.port)
      .describe('TCP port the gateway listens on (0 picks a free one).'),
    host: z.string().min(1).default(DEFAULT_SERVER.host).describe('Interface address the gateway listens on.'),
    admin_key: z
      .string()
      .min(1)
      .optional()
      .describe('Bearer key for /admin/api and the dashboard; when absent the gateway reads OUTLAST_ADMIN_KEY.'),
    body_limit_bytes: z
      .int()
      .min(1024)
      .default(DEFAULT_SERVER.body_limit_bytes)
      .describe('Largest request body accepted, in bytes (32 MiB by default, like Anthropic).'),
    data_dir: z
      .string()
      .min(1)
      .optional()
      .describe('Directory for the SQLite files; when absent the gateway uses ./.outlast.'),
    ...serverHardeningFields,
  })
  .default(() => ({ ...DEFAULT_SERVER, ...DEFAULT_SERVER_HARDENING }))
  .describe('The HTTP listener of the gateway.');

const retrySchema = z
  .strictObject({
    same_target_retries: z
      .int()
      .min(0)
      .max(2)
      .default(DEFAULT_RETRY.same_target_retries)
      .describe('Retries on the same target before moving on (failover to another target never waits).'),
    base_ms: z
      .int()
      .positive()
      .default(DEFAULT_RETRY.base_ms)
      .describe('Full-jitter backoff: ceiling of the first retry wait, in ms.'),
    cap_ms: z
      .int()
      .positive()
      .default(DEFAULT_RETRY.cap_ms)
      .describe('Full-jitter backoff: largest wait ceiling, in ms.'),
    max_retry_after_ms: z
      .int()
      .min(0)
      .default(DEFAULT_RETRY.max_retry_after_ms)
      .describe('Largest upstream retry-after honoured before a same-target retry, in ms; never past the deadline.'),
    budget_max_tokens: z
      .number()
      .positive()
      .default(DEFAULT_RETRY.budget_max_tokens)
      .describe('Retry budget per target (gRPC A6 token bucket): size; retries and hedges need more than half of it.'),
    budget_token_ratio: z
      .number()
      .positive()
      .max(1)
      .default(DEFAULT_RETRY.budget_token_ratio)
      .describe('Retry budget per target: tokens a success gives back (a failure costs one).'),
  })
  .default(() => ({ ...DEFAULT_RETRY }))
  .describe('Same-target retries: backoff, retry-after and the retry budget.');

const breakerSchema = z
  .strictObject({
    consecutive_failures: z
      .int()
      .min(1)
      .default(DEFAULT_BREAKER.consecutive_failures)
      .describe('Opens after this many failures in a row.'),
    failure_rate: z
      .number()
      .gt(0)
      .max(1)
      .default(DEFAULT_BREAKER.failure_rate)
      .describe('Opens when this share of calls in the window failed (with at least minimum_calls).'),
    minimum_calls: z
      .int()
      .min(1)
      .default(DEFAULT_BREAKER.minimum_calls)
      .describe('Calls in the window before the failure rate counts.'),
    window_ms: z
      .int()
      .positive()
      .default(DEFAULT_BREAKER.window_ms)
      .describe('Length of the failure-rate window, in ms.'),
    base_open_ms: z
      .int()
      .positive()
      .default(DEFAULT_BREAKER.base_open_ms)
      .describe('Open time after the first opening, in ms; it grows with each consecutive opening, jittered by 10%.'),
    max_open_ms: z.int().positive().default(DEFAULT_BREAKER.max_open_ms).describe('Longest open time, in ms.'),
    half_open_probes: z
      .int()
      .min(1)
      .default(DEFAULT_BREAKER.half_open_probes)
      .describe('Requests let through when the open time is up; every other request fails over at once.'),
  })
  .default(() => ({ ...DEFAULT_BREAKER }))
  .describe('Circuit breaker per target (provider + model).');

const defaultsSchema = z
  .strictObject({
    max_attempts: maxAttemptsField
      .default(DEFAULT_MAX_ATTEMPTS)
      .describe('Upstream attempts per client request, retries, fallbacks and hedges included.'),
    timeouts: timeoutsSchema.default(() => ({ ...DEFAULT_TIMEOUTS })),
    retry: retrySchema,
    breaker: breakerSchema,
    max_concurrent: z
      .int()
      .min(1)
      .optional()
      .describe('Most requests in flight per target; a request over it fails over (no queue). Default: no limit.'),
    disable_ms: z
      .int()
      .positive()
      .default(600_000)
      .describe(
        'How long a target is taken out after a quota or credential error (401, 403, 402, spend limit), in ms.',
      ),
    adaptive_throttle: z
      .boolean()
      .default(true)
      .describe(
        'Google SRE client-side throttling per target: sheds a share of requests to a target that rejects most of them.',
      ),
  })
  .default(() => ({
    max_attempts: DEFAULT_MAX_ATTEMPTS,
    timeouts: { ...DEFAULT_TIMEOUTS },
    retry: { ...DEFAULT_RETRY },
    breaker: { ...DEFAULT_BREAKER },
    disable_ms: 600_000,
    adaptive_throttle: true,
  }))
  .describe('Policies for every provider and route; a provider or route value overrides them.');

const providerTypeSchema = z
  .enum(PROVIDER_TYPES, {
    error: (issue) => {
      const input = issue.input;
      if (typeof input === 'string' && (PLANNED_PROVIDER_TYPES as readonly string[]).includes(input)) {
        return `provider type '${input}' is not supported yet (planned: cross-provider translation)`;
      }
      return undefined;
    },
  })
  .describe(
    'Which API the provider speaks: anthropic, openai, openai-compatible (Ollama, vLLM, llama.cpp, ...), gemini or azure-openai.',
  );

const providerObjectSchema = z.strictObject({
  id: z
    .string()
    .regex(PROVIDER_ID_PATTERN, {
      error: 'must be 1-63 characters of a-z, 0-9, _ and -, starting with a letter or digit',
    })
    .describe('Unique name of the provider, used by route targets, headers, metrics and the admin API.'),
  type: providerTypeSchema,
  api_key: z
    .string()
    .min(1)
    .optional()
    .describe(
      `Credential sent upstream (x-api-key for anthropic, x-goog-api-key for gemini, api-key for azure-openai, Bearer otherwise); usually \${ENV_VAR}.`,
    ),
  base_url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:11434/v1' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional()
    .describe(
      'Upstream base URL as the vendor SDK takes it (anthropic without /v1, openai and openai-compatible with /v1, gemini without the version; azure-openai https://<resource>.openai.azure.com). Defaults per type or preset; required for openai-compatible without a preset and for azure-openai.',
    ),
  models: z
    .array(z.string().min(1).describe("A model name, or a glob where '*' matches any characters."))
    .optional()
    .describe(
      "Model names or '*' globs this provider serves for requests that match no route. Defaults per type: anthropic claude-*, openai gpt-*/o1*/o3*/o4*/..., gemini gemini-*, openai-compatible none.",
    ),
  anthropic_version: z
    .enum(ANTHROPIC_VERSIONS)
    .optional()
    .describe('Only for type anthropic: the anthropic-version header sent upstream. Default: the one the client sent.'),
  preset: z
    .enum(PRESET_NAMES)
    .optional()
    .describe(
      'Only for type openai-compatible: the server, whose default base_url and request quirks apply (ollama, vllm, llama-cpp, lm-studio, groq, mistral, together, deepseek, openrouter).',
    ),
  app_url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://myapp.example.com' })
    .optional()
    .describe("Only with preset openrouter: the app's URL, sent as HTTP-Referer for app attribution."),
  app_name: z
    .string()
    .min(1)
    .optional()
    .describe("Only with preset openrouter: the app's display name, sent as X-Title."),
  api_version: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, { error: 'must be an api-version such as 2024-10-21' })
    .optional()
    .describe(`Only for type azure-openai: the api-version query parameter. Default: ${DEFAULT_AZURE_API_VERSION}.`),
  deployments: z
    .record(z.string().min(1), z.string().min(1).describe('The Azure deployment name.'))
    .optional()
    .describe(
      'Only for type azure-openai: model names (as route targets give them) mapped to deployment names; a model not listed is used as the deployment name.',
    ),
  headers: z
    .record(
      z.string().regex(HEADER_NAME_PATTERN, { error: 'must be a valid HTTP header name' }),
      z.string().describe('Header value.'),
    )
    .optional()
    .describe('Extra headers sent on every upstream request to this provider.'),
  timeouts: timeoutOverridesSchema.optional(),
  max_connections: z
    .int()
    .min(1)
    .default(DEFAULT_MAX_CONNECTIONS)
    .describe('Size of the upstream connection pool (each open stream holds one connection).'),
  max_concurrent: z
    .int()
    .min(1)
    .optional()
    .describe('Most requests in flight per target of this provider; overrides defaults.max_concurrent.'),
  status_page: statusPageSchema.optional(),
});

// Checks run even when other fields failed (`when`), so every problem is reported in one pass.
const everyTime = { when: () => true };

function addProblems(problems: CrossFieldProblem[], context: z.RefinementCtx): void {
  for (const problem of problems) context.addIssue({ code: 'custom', path: problem.path, message: problem.message });
}

const providerSchema = providerObjectSchema
  .superRefine((provider, context) => addProblems(findProviderProblems(provider), context), everyTime)
  .transform((provider) => ({
    ...provider,
    // openai-compatible without base_url is reported by findCrossFieldProblems, so '' never reaches a caller.
    base_url:
      provider.base_url ??
      (provider.preset === undefined ? undefined : openAICompatiblePresets[provider.preset].baseUrl) ??
      DEFAULT_BASE_URLS[provider.type] ??
      '',
    models: provider.models ?? [...DEFAULT_MODELS[provider.type]],
  }))
  .describe('An upstream LLM API and how to reach it.');

const targetSchema = z
  .strictObject({
    provider: z.string().min(1).describe('Id of a declared provider.'),
    model: z.string().min(1).describe('Model name sent to that provider.'),
    weight: z.number().positive().default(1).describe('Share of traffic under strategy balance (ignored by fallback).'),
  })
  .describe('One provider and model a route may send a request to.');

const routeSchema = z
  .strictObject({
    model: z.string().min(1).describe('The model name clients send; unique across routes.'),
    strategy: z
      .enum(['fallback', 'balance'])
      .default('fallback')
      .describe('fallback: targets in order, the next one when one fails; balance: weighted and health-aware.'),
    targets: z.array(targetSchema).min(1).describe('Where requests for this model may go, at least one.'),
    max_attempts: maxAttemptsField.optional().describe('Overrides defaults.max_attempts for this route.'),
    timeouts: timeoutOverridesSchema.optional(),
    hedge: z
      .strictObject({
        delay_ms: z
          .int()
          .positive()
          .optional()
          .describe(
            "Wait before the hedge is sent; default: the target's p95 time to first byte (2000 ms until known).",
          ),
      })
      .optional()
      .describe(
        'Opt-in hedging: when the first target has not answered headers after the delay, the same request goes to the next target; the first good answer wins and the other is aborted. Hedges spend the retry budget.',
      ),
    mid_stream: z
      .enum(['error', 'continue'])
      .default('error')
      .describe(
        'When a stream breaks after it started: error ends it with an in-band error event; continue asks the next target to continue the partial answer, so the client sees one answer.',
      ),
    cache: routeCacheSchema.optional(),
    ...routeDegradeFields,
  })
  .describe('A model name clients send, mapped to ordered or weighted targets.');

/** Audit trail defaults. */
export const DEFAULT_AUDIT = {
  enabled: true,
  include_bodies: false,
  retention_days: 30,
  flush_interval_ms: 1000,
} as const;

const priceSchema = z
  .strictObject({
    input_per_mtok: z.number().min(0).describe('USD per million input tokens.'),
    output_per_mtok: z.number().min(0).describe('USD per million output tokens.'),
    cached_input_per_mtok: z
      .number()
      .min(0)
      .optional()
      .describe('USD per million input tokens read from a prompt cache; the input price when absent.'),
  })
  .describe('The price of one model, USD per million tokens.');

const pricingSchema = z
  .record(
    z.string().min(1).describe("A model name or '*' glob, or provider/model (provider/glob) for one provider."),
    priceSchema,
  )
  .default(() => ({}))
  .describe(
    "Prices per model, overriding the shipped table (docs/access-control.md): keys are '<provider>/<model>' or a model name or glob.",
  );

const auditSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(DEFAULT_AUDIT.enabled)
      .describe('Records every client request and its upstream attempts in the audit store.'),
    include_bodies: z
      .boolean()
      .default(DEFAULT_AUDIT.include_bodies)
      .describe('Also records prompts and answers (off by default: they may hold personal data).'),
    retention_days: z
      .int()
      .min(1)
      .default(DEFAULT_AUDIT.retention_days)
      .describe('Records older than this many days are deleted (checked hourly).'),
    flush_interval_ms: z
      .int()
      .min(10)
      .max(60_000)
      .default(DEFAULT_AUDIT.flush_interval_ms)
      .describe(
        'Records are queued in memory and written in one transaction every this many ms (or every 500 records).',
      ),
  })
  .default(() => ({ ...DEFAULT_AUDIT }))
  .describe('The audit trail (docs/audit.md).');

/** The whole outlast.yaml. Keys are snake_case exactly as written in the file. */
const responsesSchema = z
  .strictObject({
    retention_days: z
      .number()
      .positive()
      .default(30)
      .describe('How long the gateway keeps the Responses answers it served, for previous_response_id (days).'),
  })
  .default(() => ({ retention_days: 30 }))
  .describe('The ledger of OpenAI Responses answers (previous_response_id across providers).');

export const configSchema = z
  .strictObject({
    server: serverSchema,
    defaults: defaultsSchema,
    providers: z
      .array(providerSchema)
      .min(1, { error: 'declare at least one provider' })
      .describe(
        'Upstream APIs; order matters for models without a route (the first provider whose models match wins).',
      ),
    routes: z
      .array(routeSchema)
      .default(() => [])
      .describe('Model names clients send, mapped to targets.'),
    jobs: jobsSchema,
    responses: responsesSchema,
    monitoring: monitoringSchema,
    alerts: alertsSchema,
    pricing: pricingSchema,
    audit: auditSchema,
    telemetry: telemetrySchema,
    cache: cacheSettingsSchema,
  })
  .superRefine((config, context) => addProblems(findCrossFieldProblems(config), context), everyTime)
  .describe('Outlast gateway configuration (outlast.yaml).');

export type OutlastConfig = z.output<typeof configSchema>;
export type ProviderConfig = z.output<typeof providerSchema>;
export type RouteConfig = z.output<typeof routeSchema>;
export type TargetConfig = z.output<typeof targetSchema>;
export type TimeoutsConfig = z.output<typeof timeoutsSchema>;
export type RetryConfig = z.output<typeof retrySchema>;
export type BreakerConfig = z.output<typeof breakerSchema>;
export type AuditConfig = z.output<typeof auditSchema>;
/** Per-provider or per-route timeout overrides. */
export type TimeoutOverridesConfig = z.output<typeof timeoutOverridesSchema>;
