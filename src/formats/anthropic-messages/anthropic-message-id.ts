const invalidCharacters = /[^a-zA-Z0-9_-]/g;

/**
 * The `msg_…` id an Anthropic client sees for an answer with this upstream id: Anthropic ids are kept, others are
 * prefixed, so the JSON and the streamed rendering of one answer carry the same id.
 * @see https://platform.claude.com/docs/en/api/messages
 */
export function toAnthropicMessageId(id: string): string {
  if (id.startsWith('msg_')) return id;
  return `msg_${id === '' ? 'outlast' : id.replace(invalidCharacters, '_')}`;
}
