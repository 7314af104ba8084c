import type { OutlastConfig } from '../config/schema.ts';

/**
 * Every secret a config (and the environment) holds: provider keys, their extra header values, the admin and
 * metrics keys, the telemetry exporter's header values. The redactor removes each of them from every log line.
 */
export function collectSecrets(config: OutlastConfig, env: Readonly<Record<string, string | undefined>>): string[] {
  const secrets: string[] = [];
  const addHeaderValue = (value: string) => {
    secrets.push(value);
    // The token alone too: a log line may quote it without its scheme.
    const space = value.indexOf(' ');
    if (space !== -1 && /^(?:Bearer|Basic|Token)$/i.test(value.slice(0, space))) secrets.push(value.slice(space + 1));
  };
  for (const provider of config.providers) {
    if (provider.api_key !== undefined) secrets.push(provider.api_key);
    for (const value of Object.values(provider.headers ?? {})) addHeaderValue(value);
  }
  if (config.server.admin_key !== undefined) secrets.push(config.server.admin_key);
  if (config.server.metrics_key !== undefined) secrets.push(config.server.metrics_key);
  for (const value of Object.values(config.telemetry?.headers ?? {})) addHeaderValue(value);
  for (const name of ['OUTLAST_ADMIN_KEY', 'ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'GEMINI_API_KEY']) {
    const value = env[name];
    if (value !== undefined && value !== '') secrets.push(value);
  }
  return secrets;
}
