import { z } from 'zod';

/** Defaults of `monitoring`. */
export const DEFAULT_MONITORING = {
  enabled: true,
  evaluate_interval_s: 2,
  verdict_window_s: 30,
  probe_interval_s: 60,
  suspect_probe_interval_s: 5,
  probe_timeout_ms: 15_000,
  min_volume: 3,
  min_errors: 3,
  degraded_error_rate: 0.05,
  partial_error_rate: 0.25,
  major_error_rate: 0.6,
  latency_factor: 3,
  ttfb_threshold_ms: 10_000,
  slow_ms: 5000,
  confirm_down: 2,
  confirm_up: 3,
  flush_interval_s: 60,
} as const;

/** Default SLA credit table: below 99.9 % → 10 %, below 99.0 % → 25 %, below 95.0 % → 100 %. */
export const DEFAULT_SLA_CREDITS = [
  { below: 99.9, credit: 10 },
  { below: 99.0, credit: 25 },
  { below: 95.0, credit: 100 },
] as const;

const rate = z.number().min(0).max(1);

const slaSchema = z
  .strictObject({
    credits: z
      .array(
        z
          .strictObject({
            below: z.number().min(0).max(100).describe('Monthly uptime percentage under which this credit applies.'),
            credit: z.number().min(0).max(100).describe('Credit owed, in percent of the monthly bill.'),
          })
          .describe('One tier of the credit table.'),
      )
      .default(() => DEFAULT_SLA_CREDITS.map((tier) => ({ ...tier })))
      .describe('SLA credit table used by `outlast sla`: the largest credit whose `below` the uptime falls under.'),
  })
  .default(() => ({ credits: DEFAULT_SLA_CREDITS.map((tier) => ({ ...tier })) }))
  .describe('SLA report settings.');

/** `monitoring`: passive health, probes, states, incidents and history (docs/monitoring.md). */
export const monitoringSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(DEFAULT_MONITORING.enabled)
      .describe('Health model, probes, incidents and history; off leaves routing exactly as it is.'),
    evaluate_interval_s: z
      .number()
      .positive()
      .default(DEFAULT_MONITORING.evaluate_interval_s)
      .describe('Seconds between two evaluations of every target state.'),
    verdict_window_s: z
      .int()
      .min(5)
      .max(300)
      .default(DEFAULT_MONITORING.verdict_window_s)
      .describe('Seconds of samples a state verdict looks at (within the 5-minute window).'),
    probe_interval_s: z
      .number()
      .positive()
      .default(DEFAULT_MONITORING.probe_interval_s)
      .describe('A target with no traffic and no probe for this long is probed (jittered by up to 10%).'),
    suspect_probe_interval_s: z
      .number()
      .positive()
      .default(DEFAULT_MONITORING.suspect_probe_interval_s)
      .describe('Probe interval of a target that is not operational or whose last probe failed, until it recovers.'),
    probe_timeout_ms: z
      .int()
      .positive()
      .default(DEFAULT_MONITORING.probe_timeout_ms)
      .describe('Time a probe may take before it counts as a failure.'),
    min_volume: z
      .int()
      .min(1)
      .default(DEFAULT_MONITORING.min_volume)
      .describe('Samples (ok + error) in the verdict window before any verdict; below it, no data.'),
    min_errors: z
      .int()
      .min(1)
      .default(DEFAULT_MONITORING.min_errors)
      .describe('Errors in the verdict window before an error-rate verdict: one failure never opens an incident.'),
    degraded_error_rate: rate
      .default(DEFAULT_MONITORING.degraded_error_rate)
      .describe('Error rate from which a target is degraded.'),
    partial_error_rate: rate
      .default(DEFAULT_MONITORING.partial_error_rate)
      .describe('Error rate from which a target is in partial outage.'),
    major_error_rate: rate
      .default(DEFAULT_MONITORING.major_error_rate)
      .describe('Error rate from which a target is in major outage.'),
    latency_factor: z
      .number()
      .min(1)
      .default(DEFAULT_MONITORING.latency_factor)
      .describe('Degraded when the median time to first token exceeds the learned healthy baseline times this.'),
    ttfb_threshold_ms: z
      .int()
      .positive()
      .default(DEFAULT_MONITORING.ttfb_threshold_ms)
      .describe('Degraded when the median time to first token exceeds this, whatever the baseline.'),
    slow_ms: z
      .int()
      .positive()
      .default(DEFAULT_MONITORING.slow_ms)
      .describe('A success whose time to first token (or latency) exceeds this counts as slow.'),
    confirm_down: z
      .int()
      .min(1)
      .default(DEFAULT_MONITORING.confirm_down)
      .describe('Consecutive evaluations with new samples and a worse verdict before the state goes down.'),
    confirm_up: z
      .int()
      .min(1)
      .default(DEFAULT_MONITORING.confirm_up)
      .describe('Consecutive evaluations with new samples and a better verdict before the state comes back.'),
    flush_interval_s: z
      .number()
      .positive()
      .default(DEFAULT_MONITORING.flush_interval_s)
      .describe('Seconds between two batched history writes (and rollups); never on the request path.'),
    sla: slaSchema,
  })
  .default(() => ({ ...DEFAULT_MONITORING, sla: { credits: DEFAULT_SLA_CREDITS.map((tier) => ({ ...tier })) } }))
  .describe('Health model, probes, incidents and uptime history (docs/monitoring.md).');

/** The validated `monitoring` section. */
export type MonitoringConfig = z.output<typeof monitoringSchema>;
