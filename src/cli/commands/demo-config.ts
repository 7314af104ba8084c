import { parseConfigText } from '../../config/load-config.ts';
import type { OutlastConfig } from '../../config/schema.ts';

/**
 * The demo's config: one simulator plays OpenAI (the primary), another a local OpenAI-compatible server (the
 * fallback), behind one route, `smart`. (Cross-format fallback, Anthropic to OpenAI, needs translation.)
 */
export function demoConfig(primaryUrl: string, fallbackUrl: string): OutlastConfig {
  const text = `
server: { port: 0, host: 127.0.0.1 }
defaults:
  breaker: { base_open_ms: 3000, max_open_ms: 10000 }   # short, so the demo shows the recovery probe
providers:
  - { id: openai, type: openai, api_key: demo-openai-key, base_url: "${primaryUrl}/v1" }
  - { id: local, type: openai-compatible, api_key: demo-local-key, base_url: "${fallbackUrl}/v1", models: ["llama3.1:8b"] }
routes:
  - model: smart
    strategy: fallback
    targets:
      - { provider: openai, model: gpt-5 }
      - { provider: local, model: "llama3.1:8b" }
`;
  const loaded = parseConfigText(text, {});
  if (!loaded.ok) throw new Error(`demo config is invalid: ${JSON.stringify(loaded.problems)}`);
  return loaded.config;
}
