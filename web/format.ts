import type { HealthState } from './types.ts';

/** A state in words and with an icon, so that it is never told by colour alone. */
export const stateText: Record<HealthState | 'none', { icon: string; label: string }> = {
  operational: { icon: '✓', label: 'Operational' },
  degraded: { icon: '▲', label: 'Degraded' },
  partial_outage: { icon: '◆', label: 'Partial outage' },
  major_outage: { icon: '✕', label: 'Major outage' },
  none: { icon: '?', label: 'No data' },
};

export function stateKey(state: HealthState | null | undefined): HealthState | 'none' {
  return state ?? 'none';
}

export function percent(share: number | null | undefined, digits = 2): string {
  return share === null || share === undefined ? '–' : `${(share * 100).toFixed(digits)} %`;
}

export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

export function clock(atMs: number): string {
  return new Date(atMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function dateTime(atMs: number): string {
  return new Date(atMs).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

export function duration(fromMs: number, toMs: number): string {
  const s = Math.max(0, Math.round((toMs - fromMs) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
