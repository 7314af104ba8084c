import { z } from 'zod';

/** Kinds of fault the simulator can inject. */
export const faultKinds = ['error', 'latency', 'hang', 'reset', 'cut', 'stream_error', 'slow'] as const;

/** One kind of fault. */
export type FaultKind = (typeof faultKinds)[number];

/** APIs a rule may be scoped to. */
export const simApis = ['anthropic', 'openai', 'gemini'] as const;

/** A vendor API served by the simulator. */
export type SimApi = (typeof simApis)[number];

/** Strict schema of a fault rule (POST /sim/faults). */
export const faultRuleSchema = z.strictObject({
  match: z
    .strictObject({
      api: z.enum(simApis).optional(),
      model: z.string().min(1).optional(),
      path: z.string().startsWith('/').optional(),
    })
    .optional(),
  fault: z.enum(faultKinds),
  status: z.int().min(400).max(599).optional(),
  error_type: z.string().min(1).optional(),
  error_code: z.string().min(1).optional(),
  message: z.string().min(1).optional(),
  retry_after_s: z.number().nonnegative().optional(),
  retry_after_ms: z.number().nonnegative().optional(),
  delay_ms: z.number().nonnegative().max(3_600_000).optional(),
  after_events: z.int().nonnegative().optional(),
  probability: z.number().min(0).max(1).optional(),
  times: z.int().positive().optional(),
});

/**
 * A fault rule. `match` scopes it (a trailing `*` in `model` or `path` matches a prefix); the first matching rule whose
 * `probability` draw passes applies, at most `times` times.
 */
export type FaultRule = z.infer<typeof faultRuleSchema>;
