import type { DrillFigures } from './summarize-drill.ts';

/** SLO keys of `--slo`, each with how it is checked against the figures. */
const sloChecks = {
  availability: {
    describe: 'delivered availability through Outlast, percent, at least',
    measure: (figures: DrillFigures) => figures.availability.outlast,
    atLeast: true,
  },
  time_to_detect_s: {
    describe: 'time to detect, simulated seconds, at most',
    measure: (figures: DrillFigures) =>
      figures.timeToDetectMs === undefined ? undefined : figures.timeToDetectMs / 1000,
    atLeast: false,
  },
  added_latency_ms: {
    describe: 'added p50 latency, ms, at most',
    measure: (figures: DrillFigures) => figures.latency.addedP50Ms,
    atLeast: false,
  },
} as const;

/** An SLO stated on the command line. */
export interface Slo {
  /** One of `availability`, `time_to_detect_s`, `added_latency_ms`. */
  key: keyof typeof sloChecks;
  /** The threshold. */
  value: number;
}

/** Parses `availability=99.9` (pure); an error message names what is wrong. */
export function parseSlo(text: string): { ok: true; slo: Slo } | { ok: false; error: string } {
  const [key = '', value = '', ...rest] = text.split('=');
  if (!(key in sloChecks) || rest.length > 0)
    return { ok: false, error: `--slo ${text}: use one of ${Object.keys(sloChecks).join(', ')} as KEY=NUMBER` };
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) return { ok: false, error: `--slo ${text}: not a number` };
  return { ok: true, slo: { key: key as Slo['key'], value: number } };
}

/** The SLOs a drill missed, as sentences (pure); a figure that was not measured misses its SLO. */
export function missedSlos(figures: DrillFigures, slos: readonly Slo[]): string[] {
  const missed: string[] = [];
  for (const slo of slos) {
    const check = sloChecks[slo.key];
    const measured = check.measure(figures);
    const ok = measured !== undefined && (check.atLeast ? measured >= slo.value : measured <= slo.value);
    if (!ok)
      missed.push(
        `${slo.key}: ${measured === undefined ? 'not measured' : measured.toFixed(3)} (${check.describe} ${slo.value})`,
      );
  }
  return missed;
}
