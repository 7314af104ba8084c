import { clock } from '../format.ts';
import type { FailoverLine } from '../types.ts';

/** The live feed of failovers: "31 requests moved from X to Y". */
export function FailoverFeed({ lines }: { lines: FailoverLine[] }) {
  if (lines.length === 0) return <p class="muted">No failover since this page opened.</p>;
  return (
    <ol class="feed" aria-live="polite">
      {lines.map((line) => (
        <li key={`${line.from}-${line.firstAt}`}>
          <time>{clock(line.lastAt)}</time> <span aria-hidden="true">↪</span> {line.count} request
          {line.count === 1 ? '' : 's'} moved from <strong>{line.from}</strong> to <strong>{line.to}</strong>
        </li>
      ))}
    </ol>
  );
}
