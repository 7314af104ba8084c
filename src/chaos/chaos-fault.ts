import { z } from 'zod';
import { parseDurationMs } from '../drills/parse-time-offset.ts';

/** Longest a chaos fault may last: faults are for drills, never a way to switch a provider off. */
export const maxChaosMs = 24 * 3_600_000;

/** Strict schema of `POST /admin/api/faults`, shaped like the simulator's fault rules. */
export const chaosFaultInputSchema = z.strictObject({
  provider: z.string().min(1).describe('Provider id of the config whose attempts fail.'),
  model: z
    .string()
    .min(1)
    .optional()
    .describe('Upstream model (a trailing or inner `*` is a glob); all models of the provider when absent.'),
  status: z.int().min(400).max(599).default(503).describe('HTTP status of the injected failure.'),
  rate: z.number().min(0).max(1).default(1).describe('Share of matching attempts that fail, 0 to 1.'),
  latency_ms: z.int().min(0).max(120_000).default(0).describe('Delay added before the attempt (failed or not), in ms.'),
  for: z
    .string()
    .refine((text) => {
      const ms = parseDurationMs(text);
      return ms !== undefined && ms > 0 && ms <= maxChaosMs;
    }, 'a duration like "90s", "10m" or "1h30m", at most 24h')
    .default('10m')
    .describe('How long the fault lasts; it expires by itself.'),
});

/** A posted fault before validation defaults. */
export type ChaosFaultInput = z.input<typeof chaosFaultInputSchema>;

/** An active chaos fault. */
export interface ChaosFault {
  /** Id (`flt_...`). */
  id: string;
  /** Provider id. */
  provider: string;
  /** Model glob, when limited to some models. */
  model?: string | undefined;
  /** Status of the injected failure. */
  status: number;
  /** Share of matching attempts that fail. */
  rate: number;
  /** Delay added before each matching attempt, in ms. */
  latencyMs: number;
  /** Creation time, epoch ms. */
  createdAt: number;
  /** Expiry time, epoch ms. */
  expiresAt: number;
}
