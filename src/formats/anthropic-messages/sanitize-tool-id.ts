import { createHash } from 'node:crypto';

const validToolId = /^[a-zA-Z0-9_-]+$/;
const invalidCharacters = /[^a-zA-Z0-9_-]/g;

/**
 * Turns any tool call id into one Anthropic accepts (`^[a-zA-Z0-9_-]+$`). Valid ids are kept as they are; any other id
 * keeps its legible part and gains a hash of the whole original, so the same id always maps the same way (applied
 * identically to `tool_use.id` and `tool_result.tool_use_id`) and distinct ids stay distinct.
 * @see https://platform.claude.com/docs/en/agents-and-tools/tool-use/implement-tool-use
 */
export function sanitizeToolId(id: string): string {
  if (validToolId.test(id)) return id;
  const legible = id.replace(invalidCharacters, '_').slice(0, 40);
  const digest = createHash('sha256').update(id, 'utf8').digest('base64url').slice(0, 22);
  return `${legible === '' ? 'toolu' : legible}_${digest}`;
}
