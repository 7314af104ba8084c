import { stateKey, stateText } from '../format.ts';
import type { HealthState } from '../types.ts';

/** A state as icon + words + colour (never colour alone). */
export function StateBadge({ state }: { state: HealthState | null | undefined }) {
  const key = stateKey(state);
  const text = stateText[key];
  return (
    <span class={`badge state-${key}`} data-state={key}>
      <span aria-hidden="true">{text.icon}</span> {text.label}
    </span>
  );
}
