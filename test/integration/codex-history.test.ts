import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import OpenAI from 'openai';
import { parseConfigText } from '../../src/config/load-config.ts';
import { type ServedGateway, serveGateway } from '../../src/server/serve-gateway.ts';
import { createSimulator, type Simulator } from '../../src/sim/create-simulator.ts';
import { type RecordingProxy, startRecordingProxy } from '../helpers/recording-proxy.ts';

const patch = '*** Begin Patch\n*** Update File: src/app.ts\n@@\n-const a = 1;\n+const a = 2;\n*** End Patch\n';

/**
 * A later turn of a Codex session (shape of @openai/codex 0.169.0): developer prompt as input messages, the whole
 * history with a replayed reasoning item, an `exec_command` function call and an `apply_patch` custom tool call with
 * their outputs, and Codex's tool set (functions, a freeform custom tool, a namespace, tool_search, web_search).
 */
function codexTurn(lastUserText: string): OpenAI.Responses.ResponseCreateParamsNonStreaming {
  return {
    model: 'gpt-5.5',
    input: [
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'You are a coding agent.' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Bump the constant in src/app.ts' }] },
      {
        type: 'reasoning',
        id: 'rs_1',
        summary: [{ type: 'summary_text', text: 'Look at the file first.' }],
        encrypted_content: 'gAAAAopaque',
      },
      {
        type: 'function_call',
        id: 'fc_1',
        call_id: 'call_exec',
        name: 'exec_command',
        arguments: '{"cmd":"cat src/app.ts"}',
        status: 'completed',
      },
      { type: 'function_call_output', call_id: 'call_exec', output: 'const a = 1;\n' },
      { type: 'custom_tool_call', id: 'ctc_1', call_id: 'call_patch', name: 'apply_patch', input: patch },
      {
        type: 'custom_tool_call_output',
        call_id: 'call_patch',
        output: 'Success. Updated the following files:\nM src/app.ts',
      },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'The constant is now 2.' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: lastUserText }] },
    ] as OpenAI.Responses.ResponseInput,
    tools: [
      {
        type: 'function',
        name: 'exec_command',
        description: 'Runs a command.',
        strict: false,
        parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] },
      },
      {
        type: 'custom',
        name: 'apply_patch',
        description: 'Use the `apply_patch` tool to edit files. This is a FREEFORM tool.',
        format: { type: 'grammar', syntax: 'lark', definition: 'start: begin_patch hunk+ end_patch' },
      },
      {
        type: 'namespace',
        name: 'multi_agent_v1',
        description: 'Sub-agents.',
        tools: [{ type: 'function', name: 'spawn_agent', parameters: { type: 'object', properties: {} } }],
      },
      { type: 'tool_search', execution: 'client', parameters: { type: 'object', properties: {} } },
      { type: 'web_search', external_web_access: false },
    ] as OpenAI.Responses.Tool[],
    tool_choice: 'auto',
    parallel_tool_calls: true,
    reasoning: { summary: 'auto' },
    store: false,
    include: ['reasoning.encrypted_content'],
    prompt_cache_key: 'session-1',
  };
}

describe('a Codex session fails over from OpenAI to an Anthropic target mid-session', () => {
  let simulator: Simulator;
  let anthropic: RecordingProxy;
  let served: ServedGateway;
  let client: OpenAI;

  before(async () => {
    simulator = createSimulator();
    const simUrl = (await simulator.listen(0, '127.0.0.1')).url;
    anthropic = await startRecordingProxy(simUrl);
    const loaded = parseConfigText(
      `
providers:
  - { id: openai, type: openai, api_key: sk-openai-secret, base_url: "\${SIM}/v1", models: [] }
  - { id: anthropic, type: anthropic, api_key: sk-ant-secret, base_url: "\${ANTHROPIC}", models: [] }
routes:
  - model: gpt-5.5
    targets:
      - { provider: openai, model: gpt-5.5 }
      - { provider: anthropic, model: claude-sonnet-4-6 }
`,
      { SIM: simUrl, ANTHROPIC: anthropic.url },
    );
    assert.ok(loaded.ok);
    served = await serveGateway(loaded.config, { port: 0, host: '127.0.0.1' });
    client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 'client-key', maxRetries: 0 });
  });
  after(async () => {
    await served.close(100);
    await anthropic.close();
    await simulator.close();
  });
  beforeEach(() => {
    anthropic.requests.length = 0;
    simulator.setFaults([{ match: { api: 'openai' }, fault: 'error', status: 503 }]);
  });

  test('a history holding apply_patch custom tool calls is served by Anthropic with the calls as tool_use blocks', async () => {
    const { data, response } = await client.responses.create(codexTurn('Thanks, all done?')).withResponse();
    assert.equal(response.headers.get('x-outlast-provider'), 'anthropic');
    assert.equal(data.status, 'completed');
    assert.ok(data.output_text.length > 0);
    const sent = JSON.parse(anthropic.requests[0]!.body) as {
      tools: { name: string; description?: string; input_schema: { properties: Record<string, unknown> } }[];
      messages: { role: string; content: { type: string; name?: string; input?: unknown; tool_use_id?: string }[] }[];
    };
    const applyPatch = sent.tools.find((tool) => tool.name === 'apply_patch');
    assert.ok(applyPatch !== undefined, 'the custom tool is offered as a function');
    assert.deepEqual(Object.keys(applyPatch.input_schema.properties), ['input']);
    assert.match(applyPatch.description ?? '', /lark grammar:\nstart: begin_patch/);
    assert.ok(
      sent.tools.some((tool) => tool.name === 'spawn_agent'),
      'namespace functions are flattened',
    );
    assert.ok(!sent.tools.some((tool) => tool.name === 'web_search'));
    const blocks = sent.messages.flatMap((message) => message.content);
    const call = blocks.find((block) => block.type === 'tool_use' && block.name === 'apply_patch');
    assert.deepEqual(call?.input, { input: patch });
    assert.ok(blocks.some((block) => block.type === 'tool_result' && block.tool_use_id === 'call_patch'));
    const warnings = response.headers.get('x-outlast-warnings') ?? '';
    assert.match(warnings, /custom-tool-as-function/);
    assert.match(warnings, /dropped-reasoning/);
  });

  test('an Anthropic call of apply_patch goes back to Codex as a custom_tool_call with its raw input', async () => {
    const data = await client.responses.create(codexTurn('Now call apply_patch again'));
    const item = data.output.find((entry) => entry.type === 'custom_tool_call');
    assert.ok(item !== undefined, JSON.stringify(data.output));
    assert.equal(item.name, 'apply_patch');
    assert.equal(typeof item.input, 'string');
    assert.ok(item.input.length > 0);
    assert.ok(!item.input.startsWith('{'), 'the raw input, not the JSON arguments');
    assert.match(item.call_id, /^\S+$/);
  });

  test('the streamed call is a custom_tool_call the SDK stream helper accepts', async () => {
    const stream = client.responses.stream({ ...codexTurn('Now call apply_patch again'), stream: true });
    const kinds: string[] = [];
    stream.on('event', (event) => kinds.push(event.type));
    const final = await stream.finalResponse();
    const item = final.output.find((entry) => entry.type === 'custom_tool_call');
    assert.ok(item !== undefined, JSON.stringify(final.output));
    assert.equal(item.name, 'apply_patch');
    assert.ok(item.input.length > 0 && !item.input.startsWith('{'));
    assert.ok(kinds.includes('response.custom_tool_call_input.done'));
    assert.ok(!kinds.includes('response.function_call_arguments.delta'));
    assert.equal(kinds.at(-1), 'response.completed');
  });
});
