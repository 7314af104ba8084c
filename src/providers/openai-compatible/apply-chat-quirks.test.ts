import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { applyChatQuirks } from './apply-chat-quirks.ts';
import { openAICompatiblePresets } from './openai-compatible-presets.ts';
import { PRESET_NAMES } from './preset-names.ts';
import { toNineCharacterToolId } from './to-nine-character-tool-id.ts';

const image = { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } };

/** An OpenAI SDK body using most of what a preset may rewrite. */
function clientBody(): Record<string, unknown> {
  return {
    model: 'm',
    messages: [
      { role: 'developer', content: 'Be brief.' },
      { role: 'user', name: 'ada', content: [{ type: 'text', text: 'What is this?' }, image] },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_Ab12Cd34Ef56Gh78Ij90Kl12', type: 'function', function: { name: 'look', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_Ab12Cd34Ef56Gh78Ij90Kl12', content: 'a cat' },
    ],
    max_completion_tokens: 64,
    seed: 7,
    n: 2,
    logprobs: true,
    top_logprobs: 2,
    logit_bias: { '50256': -100 },
    stream: true,
    stream_options: { include_usage: true },
    parallel_tool_calls: false,
    response_format: { type: 'json_object' },
  };
}

const mistralId = toNineCharacterToolId('call_Ab12Cd34Ef56Gh78Ij90Kl12');

/** The exact body each preset sends upstream for `clientBody()`, and the fields it reports as lost. */
const expected: Record<string, { body: Record<string, unknown> | undefined; lost: string[] }> = {
  ollama: {
    body: (() => {
      const body = clientBody();
      const messages = body.messages as Record<string, unknown>[];
      messages[0] = { role: 'system', content: 'Be brief.' };
      delete body.max_completion_tokens;
      return { ...body, max_tokens: 64 };
    })(),
    lost: [],
  },
  vllm: {
    body: (() => {
      const body = clientBody();
      (body.messages as Record<string, unknown>[])[0] = { role: 'system', content: 'Be brief.' };
      return body;
    })(),
    lost: [],
  },
  'llama-cpp': {
    body: (() => {
      const body = clientBody();
      (body.messages as Record<string, unknown>[])[0] = { role: 'system', content: 'Be brief.' };
      delete body.max_completion_tokens;
      delete body.n;
      return { ...body, max_tokens: 64 };
    })(),
    lost: ['n'],
  },
  'lm-studio': {
    body: (() => {
      const body = clientBody();
      (body.messages as Record<string, unknown>[])[0] = { role: 'system', content: 'Be brief.' };
      delete body.max_completion_tokens;
      delete body.response_format;
      return { ...body, max_tokens: 64 };
    })(),
    lost: ['response_format'],
  },
  groq: {
    body: (() => {
      const body = clientBody();
      (body.messages as Record<string, unknown>[])[1] = {
        role: 'user',
        content: [{ type: 'text', text: 'What is this?' }, image],
      };
      delete body.n;
      delete body.logprobs;
      delete body.logit_bias;
      delete body.top_logprobs;
      return body;
    })(),
    lost: ['n', 'logprobs', 'logit_bias', 'top_logprobs', 'messages[1].name'],
  },
  mistral: {
    body: {
      model: 'm',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'What is this?' }, image] },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: mistralId, type: 'function', function: { name: 'look', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: mistralId, content: 'a cat' },
      ],
      n: 2,
      stream: true,
      parallel_tool_calls: false,
      response_format: { type: 'json_object' },
      max_tokens: 64,
      random_seed: 7,
    },
    lost: ['logprobs', 'top_logprobs', 'logit_bias', 'stream_options', 'messages[1].name'],
  },
  together: {
    body: (() => {
      const body = clientBody();
      delete body.max_completion_tokens;
      return { ...body, max_tokens: 64 };
    })(),
    lost: [],
  },
  deepseek: {
    body: (() => {
      const body = clientBody();
      const messages = body.messages as Record<string, unknown>[];
      messages[0] = { role: 'system', content: 'Be brief.' };
      messages[1] = { role: 'user', name: 'ada', content: [{ type: 'text', text: 'What is this?' }] };
      delete body.max_completion_tokens;
      return { ...body, max_tokens: 64 };
    })(),
    lost: ['messages[1].content[1]'],
  },
  openrouter: { body: undefined, lost: [] },
};

describe('applyChatQuirks per preset', () => {
  for (const name of PRESET_NAMES) {
    test(`${name} sends the exact upstream body and reports each loss`, () => {
      const input = clientBody();
      const frozen = structuredClone(input);
      const result = applyChatQuirks(input, openAICompatiblePresets[name].quirks);
      const want = expected[name]!;
      assert.deepEqual(result?.body, want.body);
      assert.deepEqual(result?.warnings.map((warning) => warning.field) ?? [], want.lost);
      assert.deepEqual(input, frozen, 'the client body is not mutated');
    });
  }
});

describe('applyChatQuirks', () => {
  test('returns undefined when no quirk applies, so the client bytes pass untouched', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5, stream: true };
    for (const name of PRESET_NAMES) {
      if (name === 'mistral') continue;
      assert.equal(applyChatQuirks(body, openAICompatiblePresets[name].quirks), undefined, name);
    }
    assert.equal(applyChatQuirks(body, openAICompatiblePresets.mistral.quirks), undefined);
  });

  test('deepseek drops a json_schema response format with a warning and keeps json_object', () => {
    const quirks = openAICompatiblePresets.deepseek.quirks;
    const schema = { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } };
    const result = applyChatQuirks({ model: 'm', messages: [], response_format: schema }, quirks);
    assert.deepEqual(result?.body, { model: 'm', messages: [] });
    assert.deepEqual(result?.warnings, [
      {
        code: 'dropped-field',
        field: 'response_format',
        message: 'response_format dropped: the target does not support json_schema',
      },
    ]);
    assert.equal(
      applyChatQuirks({ model: 'm', messages: [], response_format: { type: 'json_object' } }, quirks),
      undefined,
    );
  });

  test('a null field is removed without a warning (nothing was asked)', () => {
    const result = applyChatQuirks({ model: 'm', messages: [], logprobs: null }, openAICompatiblePresets.groq.quirks);
    assert.deepEqual(result, { body: { model: 'm', messages: [] }, warnings: [] });
  });

  test('mistral keeps its own 9-character ids and maps two distinct ids to distinct ids', () => {
    const quirks = openAICompatiblePresets.mistral.quirks;
    const own = applyChatQuirks(
      { model: 'm', messages: [{ role: 'tool', tool_call_id: 'D681PevKs', content: 'x' }] },
      quirks,
    );
    assert.equal(own, undefined);
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 2, maxLength: 6 }), (ids) => {
        const messages = ids.map((id) => ({ role: 'tool', tool_call_id: id, content: 'x' }));
        const result = applyChatQuirks({ model: 'm', messages }, quirks);
        const sent = ((result?.body.messages ?? messages) as { tool_call_id: string }[]).map((m) => m.tool_call_id);
        assert.equal(new Set(sent).size, ids.length);
        for (const id of sent) assert.match(id, /^[A-Za-z0-9]{9}$/);
      }),
    );
  });
});

describe('toNineCharacterToolId', () => {
  test('maps the same id to the same 9 letters and digits every time', () => {
    fc.assert(
      fc.property(fc.string(), (id) => {
        const once = toNineCharacterToolId(id);
        assert.match(once, /^[A-Za-z0-9]{9}$/);
        assert.equal(toNineCharacterToolId(id), once);
      }),
    );
  });
});
