import OpenAI from 'openai';
import type { IncidentEvent } from '../../src/core/monitoring.ts';
import type { Monitor } from '../../src/monitor/create-monitor.ts';
import { startStack } from './start-stack.ts';

export const monitoredConfig = `
defaults: { retry: { base_ms: 1, cap_ms: 2 }, breaker: { consecutive_failures: 5, base_open_ms: 5000, max_open_ms: 10000 } }
providers:
  - { id: primary, type: openai, api_key: sk-primary-secret, base_url: "\${SIM}/v1", models: [] }
  - { id: backup, type: openai-compatible, api_key: sk-backup-secret, base_url: "\${SIM}/v1", models: [] }
routes:
  - model: smart
    targets: [ { provider: primary, model: gpt-primary }, { provider: backup, model: gpt-backup } ]
`;

/**
 * A simulator + gateway whose clock is fake and whose monitor only runs when the test ticks it; `run` sends traffic
 * through the OpenAI SDK, one simulated second at a time, ticking the monitor every 2 s. Admin key: `admin-key`.
 */
export async function startFakeClockStack(options: { dataDir?: string; startMs?: number; extraConfig?: string } = {}) {
  const clock = { ms: options.startMs ?? Date.UTC(2026, 10, 23, 12, 0, 0) };
  const stack = await startStack(monitoredConfig + (options.extraConfig ?? ''), {
    adminKey: 'admin-key',
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    deps: { now: () => clock.ms, random: () => 0.5 },
    monitorSchedule: () => () => {},
  });
  const monitor = stack.gateway.gateway.monitor as Monitor;
  const events: IncidentEvent[] = [];
  monitor.subscribe((event) => events.push(event));
  const sdk = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'client-key', maxRetries: 0 });
  /** Sends `perSecond` requests per simulated second for `seconds`, ticking the monitor every 2 s. */
  async function run(seconds: number, perSecond = 2, until?: () => boolean): Promise<number> {
    for (let second = 0; second < seconds; second++) {
      for (let index = 0; index < perSecond; index++) {
        await sdk.chat.completions
          .create({ model: 'smart', messages: [{ role: 'user', content: 'hi' }] })
          .catch(() => {});
      }
      clock.ms += 1000;
      if (second % 2 === 1) await monitor.tick();
      if (until?.() === true) return second + 1;
    }
    return seconds;
  }
  return { stack, monitor, events, clock, run };
}
