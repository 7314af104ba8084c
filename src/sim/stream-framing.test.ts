import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderAnthropicStream } from './anthropic-stream.ts';
import { renderOpenAiStream } from './openai-stream.ts';
import type { AnswerPlan } from './plan-answer.ts';
import { sseFrame } from './sse-frame.ts';

const text: AnswerPlan = { kind: 'text', tokens: ['héllo', ' 東京', ' 🙂'], truncated: false, inputTokens: 4 };
const tool: AnswerPlan = {
  kind: 'tool',
  name: 'get_weather',
  argumentsJson: '{"city":"Paris"}',
  fragments: ['{"city":', '"Paris"}'],
  outputTokens: 4,
  inputTokens: 4,
};

function parse(frame: Buffer): { event: string | undefined; data: string } {
  const text = frame.toString('utf8');
  assert.ok(text.endsWith('\n\n'));
  const lines = text.slice(0, -2).split('\n');
  const event = lines[0]?.startsWith('event: ') ? lines.shift()?.slice(7) : undefined;
  assert.equal(lines.length, 1);
  const data = lines[0] ?? '';
  assert.ok(data.startsWith('data: '));
  return { event, data: data.slice(6) };
}

describe('SSE framing', () => {
  it('frames a named event and a data-only event, blank-line terminated, in UTF-8', () => {
    assert.equal(sseFrame('ping', '{"type":"ping"}').toString(), 'event: ping\ndata: {"type":"ping"}\n\n');
    assert.deepEqual(sseFrame(undefined, '"é"'), Buffer.from('data: "é"\n\n', 'utf8'));
  });

  it('names every Anthropic event after its type, in the documented order', () => {
    const { frames, firstContent, lastContent } = renderAnthropicStream(text, 'claude-test');
    const events = frames.map(parse);
    for (const event of events) assert.equal(event.event, (JSON.parse(event.data) as { type: string }).type);
    assert.deepEqual(
      events.map((event) => event.event),
      [
        'message_start',
        'content_block_start',
        'ping',
        'content_block_delta',
        'content_block_delta',
        'content_block_delta',
        'content_block_stop',
        'message_delta',
        'message_stop',
      ],
    );
    assert.deepEqual([firstContent, lastContent], [3, 5]);
    const deltas = events.slice(3, 6).map((event) => JSON.parse(event.data).delta.text);
    assert.equal(deltas.join(''), 'héllo 東京 🙂');
    const delta = JSON.parse(events[7]!.data);
    assert.deepEqual(delta.delta, { stop_reason: 'end_turn', stop_sequence: null });
    assert.equal(delta.usage.output_tokens, 3);
  });

  it('streams an Anthropic tool call as input_json_delta fragments starting with an empty one', () => {
    const events = renderAnthropicStream(tool, 'claude-test').frames.map((frame) => JSON.parse(parse(frame).data));
    assert.deepEqual(events[1].content_block, {
      type: 'tool_use',
      id: events[1].content_block.id,
      name: 'get_weather',
      input: {},
    });
    const fragments = events
      .filter((event) => event.type === 'content_block_delta')
      .map((event) => event.delta.partial_json as string);
    assert.deepEqual(fragments, ['', '{"city":', '"Paris"}']);
    assert.equal(events.at(-2).delta.stop_reason, 'tool_use');
  });

  it('sends OpenAI chunks as data-only lines with usage null, a usage chunk and [DONE] last', () => {
    const { frames } = renderOpenAiStream(text, {
      model: 'gpt-test',
      createdSeconds: 1_800_000_000,
      includeUsage: true,
    });
    const events = frames.map(parse);
    for (const event of events) assert.equal(event.event, undefined);
    assert.equal(events.at(-1)?.data, '[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data));
    assert.equal(chunks[0].choices[0].delta.role, 'assistant');
    for (const chunk of chunks.slice(0, -1)) assert.equal(chunk.usage, null);
    const usage = chunks.at(-1);
    assert.deepEqual(usage.choices, []);
    assert.equal(usage.usage.completion_tokens, 3);
    assert.equal(chunks.at(-2).choices[0].finish_reason, 'stop');
  });

  it('leaves usage out of OpenAI chunks when include_usage is off', () => {
    const { frames } = renderOpenAiStream(text, {
      model: 'gpt-test',
      createdSeconds: 1_800_000_000,
      includeUsage: false,
    });
    const chunks = frames.slice(0, -1).map((frame) => JSON.parse(parse(frame).data));
    for (const chunk of chunks) assert.equal('usage' in chunk, false);
    assert.equal(chunks.at(-1).choices[0].finish_reason, 'stop');
  });

  it('streams an OpenAI tool call with id and name first, then argument fragments', () => {
    const { frames } = renderOpenAiStream(tool, {
      model: 'gpt-test',
      createdSeconds: 1_800_000_000,
      includeUsage: false,
    });
    const calls = frames
      .slice(0, -1)
      .map((frame) => JSON.parse(parse(frame).data).choices[0].delta.tool_calls?.[0])
      .filter(Boolean);
    assert.equal(calls[0].function.name, 'get_weather');
    assert.match(calls[0].id, /^call_/);
    assert.equal(
      calls.map((call: { function: { arguments: string } }) => call.function.arguments).join(''),
      '{"city":"Paris"}',
    );
    assert.ok(calls.slice(1).every((call: { id?: string }) => call.id === undefined));
  });
});
