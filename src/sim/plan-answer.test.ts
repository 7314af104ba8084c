import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { readAnthropicConversation } from './anthropic-conversation.ts';
import type { Conversation } from './conversation.ts';
import { readOpenAiConversation } from './openai-conversation.ts';
import { planAnswer } from './plan-answer.ts';

const weather = {
  name: 'get_weather',
  schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

function conversation(overrides: Partial<Conversation>): Conversation {
  return {
    lastUserText: 'hello',
    toolResult: undefined,
    tools: [],
    toolChoice: 'auto',
    inputTokens: 1,
    prefill: undefined,
    ...overrides,
  };
}

describe('planAnswer', () => {
  it('answers answerTokens words whose tokens join into the text', () => {
    const plan = planAnswer(conversation({}), { answerTokens: 7, maxTokens: undefined });
    assert.equal(plan.kind, 'text');
    assert.ok(plan.kind === 'text');
    assert.equal(plan.tokens.length, 7);
    assert.equal(plan.tokens.join('').split(' ').length, 7);
    assert.equal(plan.truncated, false);
  });

  it('cuts the answer at max tokens and says so', () => {
    const plan = planAnswer(conversation({}), { answerTokens: 12, maxTokens: 3 });
    assert.ok(plan.kind === 'text');
    assert.equal(plan.tokens.length, 3);
    assert.equal(plan.truncated, true);
  });

  it('calls the tool the user names with "call <tool_name>"', () => {
    const plan = planAnswer(conversation({ lastUserText: 'Please call get_weather.', tools: [weather] }), {
      answerTokens: 12,
      maxTokens: undefined,
    });
    assert.ok(plan.kind === 'tool');
    assert.equal(plan.name, 'get_weather');
    assert.equal(typeof JSON.parse(plan.argumentsJson).city, 'string');
    assert.equal(plan.fragments.join(''), plan.argumentsJson);
  });

  it('does not call a tool that is named but not offered, nor any tool when tool choice is none', () => {
    const notOffered = planAnswer(conversation({ lastUserText: 'call get_time', tools: [weather] }), {
      answerTokens: 4,
      maxTokens: undefined,
    });
    assert.equal(notOffered.kind, 'text');
    const none = planAnswer(conversation({ lastUserText: 'call get_weather', tools: [weather], toolChoice: 'none' }), {
      answerTokens: 4,
      maxTokens: undefined,
    });
    assert.equal(none.kind, 'text');
  });

  it('calls the forced tool, or the first one when any tool is required', () => {
    const forced = planAnswer(conversation({ tools: [weather], toolChoice: { name: 'get_weather' } }), {
      answerTokens: 4,
      maxTokens: undefined,
    });
    assert.equal(forced.kind, 'tool');
    const any = planAnswer(conversation({ tools: [weather], toolChoice: 'any' }), {
      answerTokens: 4,
      maxTokens: undefined,
    });
    assert.ok(any.kind === 'tool' && any.name === 'get_weather');
  });

  it('quotes the tool result of the last message, non-ASCII and whitespace intact', () => {
    const plan = planAnswer(
      conversation({ lastUserText: 'call get_weather', tools: [weather], toolResult: 'Zürich:\n 21°C ☀️' }),
      {
        answerTokens: 12,
        maxTokens: undefined,
      },
    );
    assert.ok(plan.kind === 'text');
    assert.equal(plan.tokens.join(''), 'Tool result: Zürich:\n 21°C ☀️');
  });

  it('gives the same answer and token counts to the same prompt on both APIs', () => {
    const anthropic = readAnthropicConversation({
      model: 'm',
      max_tokens: 100,
      system: 'Be brief.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Name three rivers' }] }],
    });
    const openai = readOpenAiConversation({
      model: 'm',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Name three rivers' },
      ],
    });
    assert.deepEqual(anthropic, openai);
    const limits = { answerTokens: 9, maxTokens: 100 };
    assert.deepEqual(planAnswer(anthropic, limits), planAnswer(openai, limits));
  });

  it('reads tool results from an Anthropic tool_result block and an OpenAI tool message alike', () => {
    const anthropic = readAnthropicConversation({
      messages: [
        { role: 'user', content: 'call get_weather' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'get_weather', input: {} }] },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'sunny' }] }],
        },
      ],
    });
    const openai = readOpenAiConversation({
      messages: [
        { role: 'user', content: 'call get_weather' },
        { role: 'assistant', content: null, tool_calls: [] },
        { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
      ],
    });
    assert.equal(anthropic.toolResult, 'sunny');
    assert.equal(openai.toolResult, 'sunny');
  });
});

test('continues an assistant prefill that starts the derived answer with the rest of it', () => {
  const whole = planAnswer(conversation({ lastUserText: 'tell me a story' }), {
    answerTokens: 8,
    maxTokens: undefined,
  });
  assert.equal(whole.kind, 'text');
  const tokens = (whole as { tokens: string[] }).tokens;
  const prefill = tokens.slice(0, 3).join('');
  const rest = planAnswer(conversation({ lastUserText: 'tell me a story', prefill: `${prefill} ` }), {
    answerTokens: 8,
    maxTokens: undefined,
  });
  assert.deepEqual((rest as { tokens: string[] }).tokens, tokens.slice(3));
});

test('answers in full after a prefill that is not the start of its answer', () => {
  const whole = planAnswer(conversation({ lastUserText: 'tell me a story' }), {
    answerTokens: 8,
    maxTokens: undefined,
  });
  const other = planAnswer(conversation({ lastUserText: 'tell me a story', prefill: 'Something else entirely' }), {
    answerTokens: 8,
    maxTokens: undefined,
  });
  assert.deepEqual(other, whole);
});
