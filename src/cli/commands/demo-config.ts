import { parseConfigText } from '../../config/load-config.ts';
import type { OutlastConfig } from '../../config/schema.ts';

/**
 * The demo's config: one simulator plays Anthropic (the primary), another OpenAI (the fallback), behind one route,
 * `smart`; the demo's clients speak Anthropic, so the fallback answers through translation.
 */
export function demoConfig(primaryUrl: string, fallbackUrl: string): OutlastConfig {
  const text = `
server: { port: 0, host: 127.0.0.1 }
defaults:
  breaker: { base_open_ms: 3000, max_open_ms: 10000 }   # short, so the demo shows the recovery probe
providers:
  - { id: anthropic, type: anthropic, api_key: demo-anthropic-key, base_url: "${primaryUrl}" }
  - { id: openai, type: openai, api_key: demo-openai-key, base_url: "${fallbackUrl}/v1" }
routes:
  - model: smart
    strategy: fallback
    targets:
      - { provider: anthropic, model: claude-sonnet-4-6 }
      - { provider: openai, model: gpt-5 }
`;
  const loaded = parseConfigText(text, {});
  if (!loaded.ok) throw new Error(`demo config is invalid: ${JSON.stringify(loaded.problems)}`);
  return loaded.config;
}
