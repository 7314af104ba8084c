import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfigText } from '../config/load-config.ts';
import { collectSecrets } from './collect-secrets.ts';

test('collects provider keys and header values, the admin, metrics and exporter keys, and keys from the environment', () => {
  const loaded = parseConfigText(
    `
server: { admin_key: admin-secret-1, metrics_key: metrics-secret-2 }
telemetry: { otlp_endpoint: "http://127.0.0.1:4318/v1/traces", headers: { authorization: "Bearer otlp-secret-3" } }
providers:
  - { id: a, type: openai, api_key: provider-secret-4, headers: { x-org-token: header-secret-5 } }
  - { id: b, type: openai-compatible, base_url: "http://127.0.0.1:1/v1" }
`,
    {},
  );
  assert.ok(loaded.ok, JSON.stringify(loaded));
  const secrets = collectSecrets(loaded.config, { OUTLAST_ADMIN_KEY: 'env-admin-6', PATH: '/usr/bin' });
  assert.deepEqual(
    new Set(secrets),
    new Set([
      'provider-secret-4',
      'header-secret-5',
      'admin-secret-1',
      'metrics-secret-2',
      'Bearer otlp-secret-3',
      'otlp-secret-3',
      'env-admin-6',
    ]),
  );
});
