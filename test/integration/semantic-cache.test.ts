import assert from 'node:assert/strict';
import { test } from 'node:test';
import OpenAI from 'openai';
import { type Stack, startStack } from '../helpers/start-stack.ts';

const semantic =
  '{ ttl_s: 60, semantic: { threshold: 0.85, embeddings: { provider: openai, model: text-embedding-3-small } } }';
const config = `
providers:
  - { id: openai, type: openai, api_key: sk-openai-secret, base_url: "\${SIM}/v1" }
routes:
  - { model: smart, targets: [ { provider: openai, model: gpt-5 } ], cache: ${semantic} }
  - { model: smart-b, targets: [ { provider: openai, model: gpt-5 } ], cache: ${semantic} }
`;

async function withStack(run: (stack: Stack) => Promise<void>): Promise<void> {
  const stack = await startStack(config);
  try {
    await run(stack);
  } finally {
    await stack.close();
  }
}

async function ask(stack: Stack, content: string, options: { model?: string; system?: string } = {}) {
  const messages = [
    ...(options.system === undefined ? [] : [{ role: 'system' as const, content: options.system }]),
    { role: 'user' as const, content },
  ];
  const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'k', maxRetries: 0 });
  const { data, response } = await client.chat.completions
    .create({ model: options.model ?? 'smart', messages, temperature: 0 })
    .withResponse();
  const similarity = response.headers.get('x-outlast-cache-similarity');
  return {
    text: data.choices[0]?.message.content,
    cache: response.headers.get('x-outlast-cache'),
    similarity: similarity === null ? undefined : Number(similarity),
  };
}

const chatCalls = (stack: Stack) => stack.simulator.stats().by_path['/v1/chat/completions'] ?? 0;

test('paraphrases above the threshold are semantic hits with their similarity; others miss', () =>
  withStack(async (stack) => {
    const first = await ask(stack, 'What is the capital of France?');
    assert.equal(first.cache, 'miss');
    for (const paraphrase of ["What's the capital of France?", 'What is the capital city of France?']) {
      const answer = await ask(stack, paraphrase);
      assert.equal(answer.cache, 'semantic-hit', paraphrase);
      assert.equal(answer.text, first.text);
      assert.ok(answer.similarity !== undefined && answer.similarity >= 0.85 && answer.similarity < 1);
    }
    assert.equal(chatCalls(stack), 1);
    for (const other of ['What is the capital of Spain?', 'Write a poem about the sea.']) {
      assert.equal((await ask(stack, other)).cache, 'miss', other);
    }
    assert.equal(chatCalls(stack), 3);
  }));

test('no semantic hit crosses routes, even for the same prompt', () =>
  withStack(async (stack) => {
    assert.equal((await ask(stack, 'What is the capital of France?')).cache, 'miss');
    assert.equal((await ask(stack, 'What is the capital of France?', { model: 'smart-b' })).cache, 'miss');
    assert.equal((await ask(stack, "What's the capital of France?", { model: 'smart-b' })).cache, 'semantic-hit');
    assert.equal(chatCalls(stack), 2);
  }));

test('only the last user turn may differ: another system prompt is a miss', () =>
  withStack(async (stack) => {
    assert.equal((await ask(stack, 'What is the capital of France?')).cache, 'miss');
    assert.equal((await ask(stack, "What's the capital of France?", { system: 'Answer in French.' })).cache, 'miss');
  }));

test('a failing embeddings target only turns the semantic cache off', () =>
  withStack(async (stack) => {
    stack.simulator.setFaults([{ match: { path: '/v1/embeddings' }, fault: 'error', status: 500 }]);
    assert.equal((await ask(stack, 'What is the capital of France?')).cache, 'miss');
    assert.equal((await ask(stack, 'What is the capital of France?')).cache, 'hit');
    assert.equal((await ask(stack, "What's the capital of France?")).cache, 'miss');
  }));
