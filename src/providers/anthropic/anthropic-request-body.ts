import type { CanonicalRequest, TranslationWarning } from '../../core/canonical.ts';
import { toAnthropicMessages } from './to-anthropic-messages.ts';

/** Options of toAnthropicBody. */
export interface AnthropicBodyOptions {
  /** The target's model name. */
  model: string;
  /** The `anthropic-version` the request will be sent with; `2026-10-21` rejects sampling parameters. */
  anthropicVersion: string;
}

/** An Anthropic request body with what the translation lost. */
export interface AnthropicBody {
  /** The `POST /v1/messages` body. */
  body: Record<string, unknown>;
  /** Every loss or change, for `x-outlast-warnings`. */
  warnings: TranslationWarning[];
}

/** `max_tokens` sent when the client gave none: Anthropic requires the field. */
export const defaultAnthropicMaxTokens = 4096;

/** Appended to the system prompt for `json-object`, which Anthropic has no switch for. */
const jsonObjectInstruction = 'Respond with a single JSON object and nothing else: no prose, no code fences.';

function sampling(request: CanonicalRequest, options: AnthropicBodyOptions, warnings: TranslationWarning[]) {
  const fields: Record<string, number> = {};
  const given = { temperature: request.temperature, top_p: request.topP, top_k: request.topK };
  for (const [field, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (options.anthropicVersion === '2026-10-21') {
      const message = `\`${field}\` is rejected by anthropic-version 2026-10-21; dropped.`;
      warnings.push({ code: 'dropped-sampling', field, message });
    } else if (field === 'temperature' && (value > 1 || value < 0)) {
      fields[field] = Math.min(1, Math.max(0, value));
      const message = `Anthropic's temperature range is 0 to 1; ${value} was sent as ${fields[field]}.`;
      warnings.push({ code: 'clamped-temperature', field, message });
    } else {
      fields[field] = value;
    }
  }
  return fields;
}

function toolChoice(request: CanonicalRequest): Record<string, unknown> | undefined {
  if (request.tools === undefined || request.tools.length === 0) return undefined;
  const choice = request.toolChoice ?? { type: 'auto' };
  const body: Record<string, unknown> =
    choice.type === 'required'
      ? { type: 'any' }
      : choice.type === 'tool'
        ? { type: 'tool', name: choice.name }
        : { type: choice.type };
  if (request.parallelToolCalls === false && choice.type !== 'none') body.disable_parallel_tool_use = true;
  else if (request.toolChoice === undefined) return undefined;
  return body;
}

/**
 * Renders a canonical request as an Anthropic Messages body (B1.2, B4.1 "O→A"): `max_tokens` defaulted
 * (`defaulted-max-tokens`), temperature clamped to [0, 1] (`clamped-temperature`), sampling dropped under 2026-10-21
 * (`dropped-sampling`), json-schema output as `output_config.format`, json-object as a system instruction
 * (`emulated-json-object`), `parallelToolCalls: false` as `disable_parallel_tool_use`.
 * @see https://platform.claude.com/docs/en/api/messages
 */
export function toAnthropicBody(request: CanonicalRequest, options: AnthropicBodyOptions): AnthropicBody {
  const warnings: TranslationWarning[] = [];
  const body: Record<string, unknown> = { model: options.model };
  if (request.maxTokens === undefined) {
    const message = `Anthropic requires max_tokens; sent ${defaultAnthropicMaxTokens}.`;
    warnings.push({ code: 'defaulted-max-tokens', field: 'max_tokens', message });
  }
  body.max_tokens = request.maxTokens ?? defaultAnthropicMaxTokens;
  const system = request.system.filter((part) => part.text !== '').map((part) => ({ type: 'text', text: part.text }));
  if (request.responseFormat?.type === 'json-object') {
    system.push({ type: 'text', text: jsonObjectInstruction });
    const message = 'Anthropic has no JSON mode; asked for a JSON object in the system prompt instead.';
    warnings.push({ code: 'emulated-json-object', field: 'response_format', message });
  }
  if (system.length > 0) body.system = system;
  body.messages = toAnthropicMessages(request.messages, warnings);
  if (request.stopSequences !== undefined && request.stopSequences.length > 0)
    body.stop_sequences = request.stopSequences;
  Object.assign(body, sampling(request, options, warnings));
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => {
      const definition: Record<string, unknown> = { name: tool.name };
      if (tool.description !== undefined) definition.description = tool.description;
      definition.input_schema = tool.inputSchema;
      if (tool.strict !== undefined) definition.strict = tool.strict;
      return definition;
    });
  }
  const choice = toolChoice(request);
  if (choice !== undefined) body.tool_choice = choice;
  if (request.responseFormat?.type === 'json-schema') {
    body.output_config = { format: { type: 'json_schema', schema: request.responseFormat.schema } };
  }
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  body.stream = request.stream;
  return { body, warnings };
}
