import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CaptureUpstream, startCaptureUpstream } from '../../../test/helpers/capture-upstream.ts';
import type { StreamPart } from '../../core/canonical.ts';
import { parseVendorError } from '../../pipeline/parse-vendor-error.ts';
import { classifyOutcome } from '../../policies/classify-outcome.ts';
import { createOpenAIChatStreamParser } from '../openai/parse-openai-chat-stream.ts';
import { createSseParser } from '../shared/sse-parser.ts';
import { createAzureOpenAIAdapter } from './azure-openai-adapter.ts';
import { toAzureDeploymentPath } from './to-azure-deployment-path.ts';

describe('toAzureDeploymentPath', () => {
  test('builds the chat and embeddings paths of a deployment with api-version', () => {
    assert.equal(
      toAzureDeploymentPath({ operation: 'chat', deployment: 'prod-4o', apiVersion: '2024-10-21' }),
      '/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21',
    );
    assert.equal(
      toAzureDeploymentPath({ operation: 'embeddings', deployment: 'emb', apiVersion: '2025-04-01-preview' }),
      '/openai/deployments/emb/embeddings?api-version=2025-04-01-preview',
    );
  });

  test('escapes a deployment name that is not a plain path segment', () => {
    assert.equal(
      toAzureDeploymentPath({ operation: 'chat', deployment: 'a/b c', apiVersion: '2024-10-21' }),
      '/openai/deployments/a%2Fb%20c/chat/completions?api-version=2024-10-21',
    );
  });
});

describe('createAzureOpenAIAdapter', () => {
  let upstream: CaptureUpstream;
  before(async () => {
    upstream = await startCaptureUpstream();
  });
  after(() => upstream.close());

  test('sends the body untouched with api-key to the mapped deployment', async () => {
    const adapter = createAzureOpenAIAdapter({
      providerId: 'azure',
      apiKey: 'azure-secret',
      baseUrl: upstream.url,
      apiVersion: '2024-10-21',
      deployments: { 'gpt-4o': 'prod-4o' },
      headers: { 'x-extra': '1' },
      maxConnections: 2,
      connectTimeoutMs: 1000,
    });
    const body = '{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}';
    const options = { signal: new AbortController().signal, headersTimeoutMs: 5000, idleTimeoutMs: 5000 };
    const request = { operation: 'chat' as const, stream: false, passHeaders: {}, search: '?ignored=1', body };
    const mapped = await adapter.forward({ ...request, model: 'gpt-4o' }, options);
    await mapped.body.resume();
    const unlisted = await adapter.forward({ ...request, model: 'gpt-4.1' }, options);
    await unlisted.body.resume();
    await adapter.close();
    const [first, second] = upstream.requests;
    assert.equal(first?.url, '/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21');
    assert.equal(second?.url, '/openai/deployments/gpt-4.1/chat/completions?api-version=2024-10-21');
    assert.equal(first?.headers['api-key'], 'azure-secret');
    assert.equal(first?.headers.authorization, undefined);
    assert.equal(first?.headers['x-extra'], '1');
    assert.equal(first?.body, body);
  });
});

describe('Azure answers read by the OpenAI parsers', () => {
  test('a stream with a prompt_filter_results chunk and a content_filter finish ends as content-filter', () => {
    const chunks = [
      { id: '', object: '', created: 0, model: '', choices: [], prompt_filter_results: [{ prompt_index: 0 }] },
      { id: 'chatcmpl-a', model: 'gpt-4o', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' } }] },
      {
        id: 'chatcmpl-a',
        model: 'gpt-4o',
        choices: [{ index: 0, delta: {}, finish_reason: 'content_filter', content_filter_results: {} }],
      },
    ];
    const parser = createOpenAIChatStreamParser({});
    const parts: StreamPart[] = [];
    const events = createSseParser((event) => parts.push(...parser.push(event)));
    events.push(Buffer.from(`${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`));
    events.end();
    parts.push(...parser.end());
    assert.deepEqual(parts[0], { type: 'start', id: 'chatcmpl-a', model: 'gpt-4o' });
    assert.deepEqual(
      parts.filter((part) => part.type === 'text-delta').map((part) => part.type === 'text-delta' && part.text),
      ['Hel'],
    );
    const finish = parts.find((part) => part.type === 'finish');
    assert.equal(finish?.type === 'finish' && finish.finishReason, 'content-filter');
  });

  test('a prompt refused by the content filter is final: it is not retried nor sent elsewhere', () => {
    const body = Buffer.from(
      JSON.stringify({
        error: {
          message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
          type: null,
          param: 'prompt',
          code: 'content_filter',
          status: 400,
        },
      }),
    );
    const vendor = parseVendorError(body);
    assert.equal(vendor.errorCode, 'content_filter');
    const decision = classifyOutcome({ type: 'response', status: 400, headers: {}, ...vendor }, 0);
    assert.equal(decision.final, true);
    assert.equal(decision.failover, false);
  });

  test('a deployment that does not exist (404 DeploymentNotFound) fails over to the next target', () => {
    const body = Buffer.from(
      JSON.stringify({
        error: { code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist.' },
      }),
    );
    const decision = classifyOutcome({ type: 'response', status: 404, headers: {}, ...parseVendorError(body) }, 0);
    assert.equal(decision.final, false);
    assert.equal(decision.failover, true);
  });
});
