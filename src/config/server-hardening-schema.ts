import { z } from 'zod';

/** Defaults of the listener-hardening keys of `server`. */
export const DEFAULT_SERVER_HARDENING = {
  max_json_depth: 128,
  headers_timeout_ms: 30_000,
  request_timeout_ms: 120_000,
  keep_alive_timeout_ms: 65_000,
  max_header_bytes: 16_384,
  drain_timeout_ms: 30_000,
  access_log: false,
  allow_private_urls: false,
  relay_vendor_paths: true,
} as const;

/** The listener-hardening keys of `server` (spread into the server schema). */
export const serverHardeningFields = {
  max_json_depth: z
    .int()
    .min(8)
    .max(10_000)
    .default(DEFAULT_SERVER_HARDENING.max_json_depth)
    .describe('Deepest nesting of arrays and objects accepted in a JSON request body; deeper bodies get a 400.'),
  headers_timeout_ms: z
    .int()
    .min(100)
    .default(DEFAULT_SERVER_HARDENING.headers_timeout_ms)
    .describe('Milliseconds a client may take to send its request headers (against slowloris clients).'),
  request_timeout_ms: z
    .int()
    .min(100)
    .default(DEFAULT_SERVER_HARDENING.request_timeout_ms)
    .describe('Milliseconds a client may take to send its whole request, body included (answers may run longer).'),
  keep_alive_timeout_ms: z
    .int()
    .min(100)
    .default(DEFAULT_SERVER_HARDENING.keep_alive_timeout_ms)
    .describe('Milliseconds an idle keep-alive client connection stays open.'),
  max_header_bytes: z
    .int()
    .min(1024)
    .max(1_048_576)
    .default(DEFAULT_SERVER_HARDENING.max_header_bytes)
    .describe('Largest total size of request headers, in bytes; larger headers get a 431.'),
  drain_timeout_ms: z
    .int()
    .min(0)
    .default(DEFAULT_SERVER_HARDENING.drain_timeout_ms)
    .describe('On SIGTERM: milliseconds open requests and streams may take to finish before they are cut.'),
  metrics_key: z
    .string()
    .min(1)
    .optional()
    .describe('Bearer key /metrics requires; when absent /metrics is open (the gateway binds loopback by default).'),
  access_log: z
    .boolean()
    .default(DEFAULT_SERVER_HARDENING.access_log)
    .describe('Writes one JSON log line per client request (method, path, status, duration, request id).'),
  allow_private_urls: z
    .boolean()
    .default(DEFAULT_SERVER_HARDENING.allow_private_urls)
    .describe('Lets user-set URLs (callbacks, webhooks) reach private, loopback, link-local and metadata addresses.'),
  relay_vendor_paths: z
    .boolean()
    .default(DEFAULT_SERVER_HARDENING.relay_vendor_paths)
    .describe(
      "Relays the vendors' other API paths (files, batches...) to a provider of that vendor; false answers them 404.",
    ),
  outbound_allow_list: z
    .array(z.string().min(1))
    .optional()
    .describe('Hosts, IP addresses or CIDR ranges user-set URLs may reach even when they are private.'),
  admin: z
    .strictObject({
      port: z.int().min(0).max(65_535).describe('TCP port of the admin listener (0 picks a free one).'),
      host: z.string().min(1).default('127.0.0.1').describe('Interface address of the admin listener.'),
    })
    .optional()
    .describe('Serves /admin/api and /metrics on their own listener; the main listener then answers them 404.'),
  tls: z
    .strictObject({
      cert_file: z.string().min(1).describe('PEM certificate chain file.'),
      key_file: z.string().min(1).describe('PEM private key file.'),
    })
    .optional()
    .describe('Serves HTTPS with this certificate instead of plain HTTP (both listeners).'),
};

/** Defaults of `telemetry`. */
export const DEFAULT_TELEMETRY = { service_name: 'outlast', sample_ratio: 1 } as const;

/** OpenTelemetry traces exported over OTLP/HTTP JSON. */
export const telemetrySchema = z
  .strictObject({
    otlp_endpoint: z
      .url({ protocol: /^https?$/ })
      .describe('OTLP/HTTP traces URL, e.g. http://127.0.0.1:4318/v1/traces (JSON encoding).'),
    service_name: z
      .string()
      .min(1)
      .default(DEFAULT_TELEMETRY.service_name)
      .describe('service.name resource attribute of the exported spans.'),
    headers: z
      .record(z.string(), z.string())
      .default(() => ({}))
      .describe('Extra HTTP headers sent with each export (e.g. an authorization header of the collector).'),
    sample_ratio: z
      .number()
      .min(0)
      .max(1)
      .default(DEFAULT_TELEMETRY.sample_ratio)
      .describe('Share of new traces recorded (0..1); a client traceparent with the sampled flag is always kept.'),
  })
  .optional()
  .describe('OpenTelemetry tracing; off when absent.');
