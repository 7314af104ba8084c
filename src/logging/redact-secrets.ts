/** What is replaced by the redactor. */
export const REDACTED = '[REDACTED]';

// Key-like strings wherever they appear: OpenAI and Anthropic keys, Outlast virtual keys, Google API keys.
const KEY_LIKE = String.raw`sk-ant-[A-Za-z0-9_\-]{6,}|sk-[A-Za-z0-9_\-]{6,}|olk_[A-Za-z0-9_\-]{6,}|AIza[A-Za-z0-9_\-]{20,}`;
// The value of a credential header or field, in JSON (`"x-api-key":"..."`), header (`x-api-key: ...`) or query form.
const CREDENTIAL_FIELD = String.raw`((?:authorization|x-api-key|x-goog-api-key|api[_-]?key|admin[_-]?key)["']?\s*[:=]\s*["']?)(?:Bearer\s+|Basic\s+)?[^\s"'&,;}]+`;
const BEARER = String.raw`(Bearer\s+)[A-Za-z0-9._~+/=\-]{6,}`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Builds a redactor for the given secrets (provider keys, the admin key, ...). The pattern is compiled once, here,
 * never per call. Removes each secret verbatim, the values of credential headers and fields, Bearer tokens, and
 * key-like strings (`sk-...`, `sk-ant-...`, `olk_...`) wherever they appear in the text.
 */
export function createRedactor(secrets: Iterable<string | undefined>): (text: string) => string {
  const exact = [
    ...new Set([...secrets].filter((secret): secret is string => secret !== undefined && secret.length >= 4)),
  ]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp);
  const exactPattern = exact.length === 0 ? undefined : new RegExp(exact.join('|'), 'g');
  const fieldPattern = new RegExp(CREDENTIAL_FIELD, 'gi');
  const bearerPattern = new RegExp(BEARER, 'g');
  const keyPattern = new RegExp(KEY_LIKE, 'g');
  return function redact(text: string): string {
    let result = exactPattern === undefined ? text : text.replace(exactPattern, REDACTED);
    result = result.replace(fieldPattern, `$1${REDACTED}`);
    result = result.replace(bearerPattern, `$1${REDACTED}`);
    return result.replace(keyPattern, REDACTED);
  };
}
