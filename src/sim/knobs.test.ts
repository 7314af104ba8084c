import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSimulator } from './create-simulator.ts';

const openAiHeaders = { 'content-type': 'application/json', authorization: 'Bearer k' };
const chat = { model: 'gpt-test', messages: [{ role: 'user', content: 'Pace me' }] };

/** Reads a response body, noting when each chunk arrived (ms since `since`). */
async function readTimed(response: Response, since: number): Promise<{ at: number; text: string }[]> {
  const chunks: { at: number; text: string }[] = [];
  const decoder = new TextDecoder();
  for await (const chunk of response.body!) chunks.push({ at: performance.now() - since, text: decoder.decode(chunk) });
  return chunks;
}

describe('simulator knobs', () => {
  const sim = createSimulator({ knobs: { answerTokens: 3 } });
  let url = '';
  const send = (body: unknown) =>
    fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: openAiHeaders, body: JSON.stringify(body) });

  before(async () => {
    ({ url } = await sim.listen());
  });
  after(() => sim.close());

  it('takes initial knobs from the options', async () => {
    const body = (await (await send(chat)).json()) as { choices: { message: { content: string } }[] };
    assert.equal(body.choices[0]?.message.content.split(' ').length, 3);
  });

  it('delays the headers by latencyMs', async () => {
    sim.configure({ latencyMs: 80 });
    try {
      const started = performance.now();
      const response = await send(chat);
      assert.ok(performance.now() - started >= 75);
      await response.arrayBuffer();
    } finally {
      sim.configure({ latencyMs: 0 });
    }
  });

  it('sends the first token ttftMs after the headers, then tokensPerSecond', async () => {
    sim.configure({ ttftMs: 60, tokensPerSecond: 50, answerTokens: 4 });
    try {
      // Timed from the request, not from the headers' arrival: on a busy machine the headers may reach the client
      // late while the first token, sent ttftMs after them, does not.
      const started = performance.now();
      const response = await send({ ...chat, stream: true });
      const chunks = await readTimed(response, started);
      const content = chunks.filter((chunk) => chunk.text.includes('"content":"') && !chunk.text.includes('"role"'));
      // Lower bounds only: a busy machine may deliver later (and coalesce chunks), never earlier.
      assert.ok(content.length >= 1, 'tokens arrive');
      assert.ok(content[0]!.at >= 58, `first token after ${content[0]!.at} ms`);
      assert.ok(
        content.at(-1)!.at >= 60 + 3 * 20 - 10,
        `the last of 4 tokens came ${content.at(-1)!.at} ms after the request: spaced by 1000/tokensPerSecond`,
      );
      assert.ok(chunks.at(-1)!.text.includes('[DONE]'));
    } finally {
      sim.configure({ ttftMs: 0, tokensPerSecond: 0, answerTokens: 3 });
    }
  });

  it('reads and changes the knobs over /sim/config, rejecting unknown or negative ones with their path', async () => {
    const changed = await fetch(`${url}/sim/config`, { method: 'POST', body: JSON.stringify({ answerTokens: 5 }) });
    assert.equal(((await changed.json()) as { answerTokens: number }).answerTokens, 5);
    const read = (await (await fetch(`${url}/sim/config`)).json()) as Record<string, number>;
    assert.deepEqual(read, { latencyMs: 0, ttftMs: 0, tokensPerSecond: 0, answerTokens: 5, batchDelayMs: 0 });
    const body = (await (await send(chat)).json()) as { choices: { message: { content: string } }[] };
    assert.equal(body.choices[0]?.message.content.split(' ').length, 5);
    const rejected = await fetch(`${url}/sim/config`, {
      method: 'POST',
      body: JSON.stringify({ ttftMs: -1, speed: 2 }),
    });
    const problems = ((await rejected.json()) as { error: { problems: { path: string }[] } }).error.problems;
    assert.equal(rejected.status, 400);
    assert.deepEqual(problems.map((problem) => problem.path).sort(), ['speed', 'ttftMs']);
    sim.configure({ answerTokens: 3 });
  });

  it('rejects an invalid knob given to configure()', () => {
    assert.throws(() => sim.configure({ tokensPerSecond: -5 }), TypeError);
  });
});
