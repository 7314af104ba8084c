import { z } from 'zod';

/** Run-time knobs of the simulator: how fast and how long the healthy answers are. */
export interface SimKnobs {
  /** Delay before the response headers, in milliseconds. */
  latencyMs: number;
  /** Delay between the headers and the first content event of a stream, in milliseconds. */
  ttftMs: number;
  /** Pace of streamed tokens; 0 sends them as fast as possible. */
  tokensPerSecond: number;
  /** Default answer length in words, capped by the request's max tokens. */
  answerTokens: number;
  /** Time a Message Batch or an OpenAI batch takes to end after it is created, in milliseconds. */
  batchDelayMs: number;
}

/** Knob values used when none are given. */
export const defaultSimKnobs: Readonly<SimKnobs> = Object.freeze({
  latencyMs: 0,
  ttftMs: 0,
  tokensPerSecond: 0,
  answerTokens: 12,
  batchDelayMs: 0,
});

/** Strict schema of a partial knob update (POST /sim/config, `configure`). */
export const simKnobsUpdateSchema = z.strictObject({
  latencyMs: z.number().nonnegative().max(600_000).optional(),
  ttftMs: z.number().nonnegative().max(600_000).optional(),
  tokensPerSecond: z.number().nonnegative().optional(),
  answerTokens: z.int().nonnegative().max(100_000).optional(),
  batchDelayMs: z.number().nonnegative().max(86_400_000).optional(),
});

/** Returns knobs with the defined fields of the update applied over the current ones. */
export function mergeSimKnobs(current: SimKnobs, update: { [K in keyof SimKnobs]?: number | undefined }): SimKnobs {
  const next = { ...current };
  for (const key of Object.keys(defaultSimKnobs) as (keyof SimKnobs)[]) {
    const value = update[key];
    if (value !== undefined) next[key] = value;
  }
  return next;
}
