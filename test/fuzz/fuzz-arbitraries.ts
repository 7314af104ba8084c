import fc from 'fast-check';

/** Keys that poison a careless merge. */
const pollutionKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', ''] as const;

/** Numbers that break careless code: huge, negative, fractional, not safe integers. */
export const nastyNumber = fc.oneof(
  fc.constantFrom(0, -1, 1.5, 2 ** 53, 2 ** 64, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 1e-320),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Anything JSON can hold, small. */
export const anyJson = fc.jsonValue({ maxDepth: 3 });

/** A value of a random wrong (or right) type. */
export const anyValue = fc.oneof(
  { weight: 3, arbitrary: anyJson },
  { weight: 1, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

/** Extra fields, among them prototype-pollution keys and NUL characters. */
export const extraFields = fc.dictionary(
  fc.oneof(fc.constantFrom(...pollutionKeys), fc.string({ maxLength: 12 }), fc.constant('a\u0000b')),
  anyValue,
  { maxKeys: 2 },
);

/** An optional field: mostly absent; when present, mostly of the right shape. */
function maybe<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary });
}

/** A required field: mostly right, sometimes missing or of a random type. */
function required<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 24, arbitrary },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: anyValue },
  );
}

/** Mostly `valid`, now and then `wrong`. */
function mostly<T, U>(valid: fc.Arbitrary<T>, ...wrong: fc.Arbitrary<U>[]): fc.Arbitrary<T | U> {
  return fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: fc.oneof(...wrong) });
}

/** Text content: ordinary, unicode, NUL bytes, lone surrogates, and instructions the simulator reacts to. */
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.constantFrom('hello', 'a\u0000b', '\ud800', 'call get_weather', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🎉', '') },
);

const openaiPart = fc.oneof(
  fc.record({ type: fc.constant('text'), text }),
  fc.record({ type: fc.constant('text'), text }),
  fc.record({ type: fc.constant('text'), text }),
  fc.record({
    type: fc.constant('image_url'),
    image_url: fc.record({
      url: fc.constantFrom('data:image/png;base64,iVBORw0KGgo=', 'https://example.com/x.png', 'nope'),
    }),
  }),
  fc.record({ type: anyValue, text: anyValue }),
);

const openaiMessage = fc.oneof(
  {
    weight: 30,
    arbitrary: fc.record({
      role: fc.constantFrom('user', 'user', 'system', 'developer', 'assistant'),
      content: fc.oneof(text, fc.array(openaiPart, { maxLength: 3 })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      role: fc.constant('tool'),
      tool_call_id: fc.oneof(fc.string({ maxLength: 10 }), anyValue),
      content: fc.oneof(text, anyValue),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      role: fc.constant('assistant'),
      content: fc.oneof(fc.constant(null), text),
      tool_calls: fc.oneof(
        fc.array(
          fc.record({
            id: fc.string({ maxLength: 10 }),
            type: fc.constant('function'),
            function: fc.record({
              name: fc.string({ maxLength: 10 }),
              arguments: fc.oneof(fc.constant('{}'), fc.string({ maxLength: 20 })),
            }),
          }),
          { maxLength: 2 },
        ),
        anyValue,
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ role: anyValue, content: anyValue }, { requiredKeys: [] }) },
);

const tools = fc.array(
  fc.oneof(
    fc.record({
      type: fc.constant('function'),
      function: fc.record({
        name: fc.oneof(fc.constantFrom('get_weather', 'lookup'), fc.string({ maxLength: 10 })),
        parameters: fc.oneof(
          fc.constant({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
          anyValue,
        ),
      }),
    }),
    anyValue,
  ),
  { maxLength: 2 },
);

/** OpenAI Chat Completions bodies: mostly near-valid, often subtly wrong. */
export const openaiChatBody = fc
  .record({
    model: required(fc.constantFrom('gpt-smart', 'claude-smart', 'gpt-smart', 'no-such-model')),
    messages: required(fc.array(openaiMessage, { minLength: 1, maxLength: 3 })),
    stream: maybe(mostly(fc.boolean(), anyValue)),
    stream_options: maybe(mostly(fc.record({ include_usage: fc.boolean() }), anyValue)),
    max_tokens: maybe(mostly(fc.integer({ min: 1, max: 64 }), nastyNumber, anyValue)),
    max_completion_tokens: maybe(mostly(fc.integer({ min: 1, max: 64 }), anyValue)),
    temperature: maybe(mostly(fc.double({ min: 0, max: 2, noNaN: true }), anyValue)),
    n: maybe(mostly(fc.constant(1), anyValue)),
    tools: maybe(tools),
    tool_choice: maybe(mostly(fc.constantFrom('auto', 'none', 'required'), anyValue)),
    stop: maybe(mostly(fc.string({ maxLength: 5 }), fc.array(fc.string({ maxLength: 5 }), { maxLength: 4 }), anyValue)),
    response_format: maybe(mostly(fc.constant({ type: 'json_object' }), anyValue)),
  })
  .chain((body) => extraFields.map((extra) => ({ ...extra, ...body })));

const anthropicBlock = fc.oneof(
  fc.record({ type: fc.constant('text'), text }),
  fc.record({ type: fc.constant('text'), text }),
  fc.record({ type: fc.constant('text'), text }),
  fc.record({
    type: fc.constant('image'),
    source: fc.oneof(
      fc.record({
        type: fc.constant('base64'),
        media_type: fc.constant('image/png'),
        data: fc.constant('iVBORw0KGgo='),
      }),
      anyValue,
    ),
  }),
  fc.record({
    type: fc.constant('tool_use'),
    id: fc.string({ maxLength: 10 }),
    name: fc.string({ maxLength: 10 }),
    input: anyValue,
  }),
  fc.record({
    type: fc.constant('tool_result'),
    tool_use_id: fc.string({ maxLength: 10 }),
    content: fc.oneof(text, anyValue),
  }),
  fc.record({ type: anyValue, text: anyValue }),
);

const anthropicMessage = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      role: fc.constant('user'),
      content: fc.oneof(text, fc.array(anthropicBlock, { minLength: 1, maxLength: 3 })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      role: fc.constant('assistant'),
      content: fc.oneof(text, fc.array(anthropicBlock, { minLength: 1, maxLength: 3 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ role: anyValue, content: anyValue }, { requiredKeys: [] }) },
);

/** Anthropic Messages bodies: mostly near-valid, often subtly wrong. */
export const anthropicMessagesBody = fc
  .record({
    model: required(fc.constantFrom('claude-smart', 'gpt-smart', 'claude-smart', 'no-such-model')),
    max_tokens: required(mostly(fc.integer({ min: 1, max: 64 }), nastyNumber)),
    messages: required(fc.array(anthropicMessage, { minLength: 1, maxLength: 3 })),
    system: maybe(mostly(text, fc.array(anthropicBlock, { maxLength: 2 }), anyValue)),
    stream: maybe(mostly(fc.boolean(), anyValue)),
    temperature: maybe(mostly(fc.double({ min: 0, max: 1, noNaN: true }), anyValue)),
    stop_sequences: maybe(mostly(fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), anyValue)),
    tools: maybe(
      fc.array(
        fc.oneof(
          fc.record({
            name: fc.constantFrom('get_weather', 'lookup'),
            input_schema: fc.constant({ type: 'object', properties: { city: { type: 'string' } } }),
          }),
          anyValue,
        ),
        { maxLength: 2 },
      ),
    ),
    tool_choice: maybe(mostly(fc.record({ type: fc.constantFrom('auto', 'any', 'none') }), anyValue)),
    thinking: maybe(
      mostly(
        fc.record({ type: fc.constant('enabled'), budget_tokens: fc.integer({ min: 1024, max: 2048 }) }),
        anyValue,
      ),
    ),
    metadata: maybe(mostly(fc.record({ user_id: fc.string({ maxLength: 10 }) }), anyValue)),
  })
  .chain((body) => extraFields.map((extra) => ({ ...extra, ...body })));

/** Byte-level damage applied to a serialised body now and then. */
export const damage = fc.oneof(
  { weight: 12, arbitrary: fc.constant('none' as const) },
  { weight: 1, arbitrary: fc.constant('truncate' as const) },
  { weight: 1, arbitrary: fc.constant('invalid-utf8' as const) },
  { weight: 1, arbitrary: fc.constant('nul-byte' as const) },
  { weight: 1, arbitrary: fc.constant('duplicate-key' as const) },
);

/** Applies one kind of damage to a JSON text. */
export function applyDamage(
  json: string,
  kind: 'none' | 'truncate' | 'invalid-utf8' | 'nul-byte' | 'duplicate-key',
): Buffer {
  const bytes = Buffer.from(json);
  switch (kind) {
    case 'none':
      return bytes;
    case 'truncate':
      return bytes.subarray(0, Math.floor(bytes.length / 2));
    case 'invalid-utf8': {
      const at = Math.max(1, bytes.indexOf('"', 2));
      return Buffer.concat([bytes.subarray(0, at + 1), Buffer.from([0xc3, 0x28, 0xff]), bytes.subarray(at + 1)]);
    }
    case 'nul-byte':
      return Buffer.concat([bytes.subarray(0, 1), Buffer.from([0]), bytes.subarray(1)]);
    case 'duplicate-key':
      return Buffer.from(
        json.startsWith('{') && json.length > 2 ? `{"model":"gpt-smart","model":7,${json.slice(1)}` : json,
      );
  }
}

const geminiPart = fc.oneof(
  { weight: 16, arbitrary: fc.record({ text }) },
  {
    weight: 2,
    arbitrary: fc.record({
      inlineData: fc.record({ mimeType: fc.constant('image/png'), data: fc.constant('iVBORw0KGgo=') }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      functionCall: fc.record({ name: fc.string({ maxLength: 10 }), args: anyValue }, { requiredKeys: ['name'] }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      functionResponse: fc.record({ name: fc.string({ maxLength: 10 }), response: anyValue }, { requiredKeys: [] }),
    }),
  },
  { weight: 1, arbitrary: anyValue },
);

const geminiContent = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      role: fc.constantFrom('user', 'user', 'user', 'model'),
      parts: fc.array(geminiPart, { minLength: 1, maxLength: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ role: anyValue, parts: anyValue }, { requiredKeys: [] }) },
);

/** Gemini generateContent bodies (the model is in the path): mostly near-valid, often subtly wrong. */
export const geminiBody = fc
  .record({
    contents: required(fc.array(geminiContent, { minLength: 1, maxLength: 2 })),
    systemInstruction: maybe(mostly(fc.record({ parts: fc.array(fc.record({ text }), { maxLength: 2 }) }), anyValue)),
    generationConfig: maybe(
      mostly(
        fc.record(
          {
            maxOutputTokens: mostly(fc.integer({ min: 1, max: 64 }), nastyNumber),
            temperature: mostly(fc.double({ min: 0, max: 2, noNaN: true }), anyValue),
            candidateCount: mostly(fc.constant(1), anyValue),
            stopSequences: mostly(fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), anyValue),
            topK: mostly(fc.integer({ min: 1, max: 40 }), anyValue),
          },
          { requiredKeys: [] },
        ),
        anyValue,
      ),
    ),
    tools: maybe(
      mostly(
        fc.array(
          fc.record({
            functionDeclarations: fc.array(
              fc.record({
                name: fc.constantFrom('get_weather', 'lookup'),
                parameters: fc.constant({ type: 'object', properties: { city: { type: 'string' } } }),
              }),
              { maxLength: 2 },
            ),
          }),
          { maxLength: 1 },
        ),
        anyValue,
      ),
    ),
    toolConfig: maybe(
      mostly(
        fc.record({ functionCallingConfig: fc.record({ mode: fc.constantFrom('AUTO', 'ANY', 'NONE') }) }),
        anyValue,
      ),
    ),
  })
  .chain((body) => extraFields.map((extra) => ({ ...extra, ...body })));

const responsesItem = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      role: fc.constantFrom('user', 'user', 'system', 'developer', 'assistant'),
      content: fc.oneof(
        text,
        fc.array(
          fc.oneof(
            fc.record({ type: fc.constantFrom('input_text', 'output_text'), text }),
            fc.record({
              type: fc.constant('input_image'),
              image_url: fc.constantFrom('data:image/png;base64,iVBORw0KGgo=', 'https://example.com/x.png'),
            }),
            anyValue,
          ),
          { maxLength: 3 },
        ),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('function_call'),
      call_id: fc.string({ maxLength: 10 }),
      name: fc.string({ maxLength: 10 }),
      arguments: fc.oneof(fc.constant('{}'), fc.string({ maxLength: 20 })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('function_call_output'),
      call_id: fc.oneof(fc.string({ maxLength: 10 }), anyValue),
      output: fc.oneof(text, anyValue),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constantFrom('reasoning', 'item_reference', 'web_search_call'), id: anyValue }),
  },
  { weight: 1, arbitrary: anyValue },
);

/** OpenAI Responses bodies: mostly near-valid, often subtly wrong. */
export const responsesBody = fc
  .record({
    model: required(fc.constantFrom('gpt-smart', 'claude-smart', 'gpt-smart', 'no-such-model')),
    input: required(fc.oneof(text, fc.array(responsesItem, { minLength: 1, maxLength: 3 }))),
    instructions: maybe(mostly(text, anyValue)),
    stream: maybe(mostly(fc.boolean(), anyValue)),
    store: maybe(mostly(fc.boolean(), anyValue)),
    previous_response_id: maybe(mostly(fc.string({ maxLength: 12 }), anyValue)),
    max_output_tokens: maybe(mostly(fc.integer({ min: 16, max: 64 }), nastyNumber, anyValue)),
    tools: maybe(
      fc.array(
        fc.oneof(
          fc.record({
            type: fc.constant('function'),
            name: fc.constantFrom('get_weather', 'lookup'),
            parameters: fc.constant({ type: 'object', properties: { city: { type: 'string' } } }),
          }),
          fc.record({ type: fc.constant('web_search') }),
          anyValue,
        ),
        { maxLength: 2 },
      ),
    ),
    tool_choice: maybe(mostly(fc.constantFrom('auto', 'none', 'required'), anyValue)),
    text: maybe(mostly(fc.record({ format: fc.record({ type: fc.constantFrom('text', 'json_object') }) }), anyValue)),
  })
  .chain((body) => extraFields.map((extra) => ({ ...extra, ...body })));
