const unsafe = /[^a-zA-Z0-9_-]/g;

/**
 * The id given to a Gemini function call that came without one: derived from the response id and the part's
 * position, so a streamed and a whole answer name the same call alike, and only `[a-zA-Z0-9_-]` (valid for every
 * vendor). The client echoes it back with its result; Gemini matches results by name and order anyway.
 */
export function synthesizeGeminiCallId(responseId: string, index: number): string {
  const base = responseId.replace(unsafe, '').slice(0, 40);
  return `call_${base === '' ? 'gemini' : base}_${index}`;
}
