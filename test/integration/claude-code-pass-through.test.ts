import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { parseConfigText } from '../../src/config/load-config.ts';
import { type ServedGateway, serveGateway } from '../../src/server/serve-gateway.ts';
import { createSimulator, type Simulator } from '../../src/sim/create-simulator.ts';
import { type RecordingProxy, startRecordingProxy } from '../helpers/recording-proxy.ts';

// The betas Claude Code 2.1.x sends on a main-loop turn (seen in a capture of `claude -p` through the gateway).
const claudeCodeBetas = [
  'claude-code-20250219',
  'interleaved-thinking-2025-05-14',
  'context-management-2025-06-27',
  'fine-grained-tool-streaming-2025-05-14',
  'advanced-tool-use-2025-11-20',
  'effort-2025-11-24',
];

// Claude Code calls `/v1/messages?beta=true`.
const claudeCodeQuery = { query: { beta: 'true' } };

function tool(
  name: string,
  properties: Record<string, unknown>,
  extra: Partial<Anthropic.Beta.BetaTool> = {},
): Anthropic.Beta.BetaTool {
  return {
    name,
    description: `${name}: a tool of the agent, described at length in the real client.`,
    input_schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object' as const,
      properties,
      required: Object.keys(properties).slice(0, 1),
      additionalProperties: false,
    },
    ...extra,
  };
}

/** A request shaped like a Claude Code main-loop turn after one tool round trip. */
function claudeCodeTurn(model: string): Anthropic.Beta.MessageCreateParamsStreaming {
  const tools = [
    tool('Agent', { description: { type: 'string' }, prompt: { type: 'string' }, subagent_type: { type: 'string' } }),
    tool('Bash', { command: { type: 'string' }, timeout: { type: 'number' }, run_in_background: { type: 'boolean' } }),
    tool('Edit', { file_path: { type: 'string' }, old_string: { type: 'string' }, new_string: { type: 'string' } }),
    tool('Glob', { pattern: { type: 'string' }, path: { type: 'string' } }),
    tool('Grep', {
      pattern: { type: 'string' },
      output_mode: { type: 'string', enum: ['content', 'files_with_matches'] },
    }),
    tool('Read', { file_path: { type: 'string' }, offset: { type: 'integer' }, limit: { type: 'integer' } }),
    tool('TodoWrite', {
      todos: { type: 'array', items: { type: 'object', properties: { content: { type: 'string' } } } },
    }),
    tool('ToolSearch', { query: { type: 'string' } }),
    tool('WebFetch', { url: { type: 'string', format: 'uri' }, prompt: { type: 'string' } }),
    tool('mcp__docs__search', { query: { type: 'string' } }, { defer_loading: true }),
    tool(
      'Write',
      { file_path: { type: 'string' }, content: { type: 'string' } },
      { cache_control: { type: 'ephemeral' } },
    ),
  ];
  return {
    model,
    max_tokens: 32000,
    betas: claudeCodeBetas,
    system: [
      { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.330; cc_entrypoint=sdk-cli;' },
      { type: 'text', text: 'You are a coding agent.', cache_control: { type: 'ephemeral' } },
      {
        type: 'text',
        text: 'Long instructions — with “quotes”, émojis 🚀 and\nnew lines.',
        cache_control: { type: 'ephemeral', ttl: '1h' },
      },
    ],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: '<system-reminder>\nContext the agent injects.\n</system-reminder>' },
          { type: 'text', text: 'Read package.json and tell me the name' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'I should read the file.', signature: 'EqQBCkYIBxgCKkD3sig' },
          { type: 'tool_use', id: 'toolu_01A', name: 'Read', input: { file_path: '/work/package.json' } },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'toolu_01A',
            content: [{ type: 'text', text: '{ "name": "outlast" }' }],
            cache_control: { type: 'ephemeral' },
          },
        ],
      },
    ],
    tools,
    tool_choice: { type: 'auto' },
    metadata: { user_id: JSON.stringify({ device_id: 'a1b2c3', account_uuid: '', session_id: 'e807b141' }) },
    thinking: { type: 'adaptive', display: 'omitted' },
    context_management: {
      edits: [
        { type: 'clear_thinking_20251015', keep: 'all' },
        {
          type: 'clear_tool_uses_20250919',
          trigger: { type: 'input_tokens', value: 100000 },
          keep: { type: 'tool_uses', value: 3 },
          clear_at_least: { type: 'input_tokens', value: 5000 },
          exclude_tools: ['TodoWrite'],
        },
      ],
    },
    output_config: { effort: 'high' },
    stream: true,
  };
}

describe('a Claude Code request reaches an Anthropic target as Claude Code sent it', () => {
  let simulator: Simulator;
  let backupSimulator: Simulator;
  let primary: RecordingProxy;
  let backup: RecordingProxy;
  let served: ServedGateway;
  let sent: { url: string; body: string; headers: Headers }[];
  let client: Anthropic;

  before(async () => {
    simulator = createSimulator();
    backupSimulator = createSimulator();
    primary = await startRecordingProxy((await simulator.listen(0, '127.0.0.1')).url);
    backup = await startRecordingProxy((await backupSimulator.listen(0, '127.0.0.1')).url);
    const loaded = parseConfigText(
      `
providers:
  - { id: anthropic, type: anthropic, api_key: sk-ant-primary-secret, base_url: "\${PRIMARY}" }
  - { id: anthropic-b, type: anthropic, api_key: sk-ant-backup-secret, base_url: "\${BACKUP}", models: [] }
routes:
  - model: claude-sonnet-4-6
    targets:
      - { provider: anthropic, model: claude-sonnet-4-6 }
      - { provider: anthropic-b, model: claude-sonnet-4-6 }
  - model: claude-code
    targets:
      - { provider: anthropic, model: claude-opus-4-6 }
      - { provider: anthropic-b, model: claude-opus-4-6 }
`,
      { PRIMARY: primary.url, BACKUP: backup.url },
    );
    assert.ok(loaded.ok);
    served = await serveGateway(loaded.config, { port: 0, host: '127.0.0.1' });
    client = new Anthropic({
      baseURL: served.url,
      apiKey: 'client-key-of-the-developer',
      maxRetries: 0,
      defaultHeaders: {
        'x-app': 'cli',
        'x-claude-code-session-id': 'e807b141-2f4c-4a5e-9d1e-3f0c8b7a6d21',
        'user-agent': 'claude-cli/2.1.330 (external, sdk-cli)',
      },
      // Records the bytes the SDK puts on the wire, to compare with what the upstream receives.
      fetch: async (url, init) => {
        sent.push({ url: String(url), body: String(init?.body), headers: new Headers(init?.headers) });
        return fetch(url, init);
      },
    });
  });
  after(async () => {
    await served.close(100);
    await primary.close();
    await backup.close();
    await simulator.close();
    await backupSimulator.close();
  });
  beforeEach(() => {
    sent = [];
    primary.requests.length = 0;
    backup.requests.length = 0;
    simulator.clearFaults();
  });

  test('the body arrives byte for byte and the beta headers unchanged when the route keeps the model name', async () => {
    const stream = client.beta.messages.stream(claudeCodeTurn('claude-sonnet-4-6'), claudeCodeQuery);
    const message = await stream.finalMessage();
    assert.equal(message.stop_reason, 'end_turn');
    const [out] = sent;
    const [seen] = primary.requests;
    assert.ok(out !== undefined && seen !== undefined);
    assert.equal(new URL(out.url).search, '?beta=true');
    assert.equal(seen.url, '/v1/messages?beta=true');
    assert.equal(seen.body, out.body);
    assert.equal(seen.headers['anthropic-beta'], claudeCodeBetas.join(','));
    assert.equal(seen.headers['anthropic-beta'], out.headers.get('anthropic-beta'));
    assert.equal(seen.headers['anthropic-version'], out.headers.get('anthropic-version'));
    assert.equal(seen.headers['x-app'], 'cli');
    assert.equal(seen.headers['x-claude-code-session-id'], out.headers.get('x-claude-code-session-id'));
    assert.equal(seen.headers['x-api-key'], 'sk-ant-primary-secret');
    assert.equal(seen.headers.authorization, undefined);
    assert.doesNotMatch(JSON.stringify(seen.headers), /client-key-of-the-developer/);
  });

  test('only the model name changes when the route maps it to another upstream model', async () => {
    const message = await client.beta.messages.stream(claudeCodeTurn('claude-code'), claudeCodeQuery).finalMessage();
    assert.equal(message.stop_reason, 'end_turn');
    const [out] = sent;
    const [seen] = primary.requests;
    assert.ok(out !== undefined && seen !== undefined);
    const expected = { ...(JSON.parse(out.body) as Record<string, unknown>), model: 'claude-opus-4-6' };
    assert.deepEqual(JSON.parse(seen.body), expected);
    // Same key order and spelling: the JSON text differs in the model value only.
    assert.equal(seen.body, JSON.stringify(expected));
    assert.equal(seen.headers['anthropic-beta'], claudeCodeBetas.join(','));
  });

  test('a turn that fails over on 529 reaches the other Anthropic credential unchanged too', async () => {
    simulator.setFaults([{ fault: 'error', status: 529, error_type: 'overloaded_error' }]);
    const message = await client.beta.messages
      .stream(claudeCodeTurn('claude-sonnet-4-6'), claudeCodeQuery)
      .finalMessage();
    assert.equal(message.stop_reason, 'end_turn');
    assert.equal(sent.length, 1, 'the client made one request: the gateway failed over, not the client');
    assert.ok(primary.requests.length >= 1);
    assert.equal(backup.requests.length, 1);
    for (const seen of [...primary.requests, ...backup.requests]) {
      assert.equal(seen.body, sent[0]?.body);
      assert.equal(seen.headers['anthropic-beta'], claudeCodeBetas.join(','));
      assert.equal(seen.url, '/v1/messages?beta=true');
    }
    assert.equal(backup.requests[0]?.headers['x-api-key'], 'sk-ant-backup-secret');
  });

  test('a Claude Code token count reaches the Anthropic count_tokens endpoint byte for byte', async () => {
    const { model, messages, tools, system, thinking, betas } = claudeCodeTurn('claude-sonnet-4-6');
    const counted = await client.beta.messages.countTokens(
      { model, messages, ...{ tools, system, thinking, betas } } as Anthropic.Beta.MessageCountTokensParams,
      claudeCodeQuery,
    );
    assert.ok(counted.input_tokens > 0);
    const [seen] = primary.requests;
    assert.ok(seen !== undefined);
    assert.equal(seen.url, '/v1/messages/count_tokens?beta=true');
    assert.equal(seen.body, sent[0]?.body);
    assert.equal(seen.headers['anthropic-beta'], sent[0]?.headers.get('anthropic-beta'));
    assert.match(seen.headers['anthropic-beta'] ?? '', /token-counting-2024-11-01/);
  });
});
