import { parseConfigText } from '../../config/load-config.ts';
import type { OutlastConfig } from '../../config/schema.ts';

/**
 * The demo's config: one simulator plays Anthropic (the primary), another OpenAI (the fallback), behind one route,
 * `smart`; the demo's clients speak Anthropic, so the fallback answers through translation.
 */
export function demoConfig(
  primaryUrl: string,
  fallbackUrl: string,
  alerts?: { webhookUrl: string; secret: string },
): OutlastConfig {
  // The live demo (it passes its alert receiver) uses short monitor intervals and a short breaker, so that the incident
  // opens and resolves within one outage cycle; drills replay minutes in seconds and keep the defaults.
  const live = alerts !== undefined;
  const monitoring = live
    ? `
monitoring: { evaluate_interval_s: 1, verdict_window_s: 5, suspect_probe_interval_s: 1, confirm_up: 2, flush_interval_s: 10 }
`
    : '';
  const alertChannels =
    alerts === undefined
      ? ''
      : `
alerts:
  channels:
    - { type: webhook, name: demo-log, url: "${alerts.webhookUrl}", secret: "${alerts.secret}" }
`;
  const text = `
# The demo's alert receiver runs on loopback, so private addresses are allowed here (never the default).
server: { port: 0, host: 127.0.0.1, allow_private_urls: ${alerts === undefined ? 'false' : 'true'} }
defaults:
  breaker: ${live ? '{ base_open_ms: 2000, max_open_ms: 4000 }' : '{ base_open_ms: 3000, max_open_ms: 10000 }'}   # short, so the demo shows the recovery probe
providers:
  - { id: anthropic, type: anthropic, api_key: demo-anthropic-key, base_url: "${primaryUrl}" }
  - { id: openai, type: openai, api_key: demo-openai-key, base_url: "${fallbackUrl}/v1" }
routes:
  - model: smart
    strategy: fallback
    targets:
      - { provider: anthropic, model: claude-sonnet-4-6 }
      - { provider: openai, model: gpt-5 }
${monitoring}${alertChannels}`;
  const loaded = parseConfigText(text, {});
  if (!loaded.ok) throw new Error(`demo config is invalid: ${JSON.stringify(loaded.problems)}`);
  return loaded.config;
}
