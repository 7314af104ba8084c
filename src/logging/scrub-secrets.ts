const MARK = Buffer.from('[REDACTED]');

/**
 * Builds a scrubber that replaces each secret found in a byte buffer (an upstream error body that quotes the
 * credential it received) with `[REDACTED]`. Cheap when nothing is found: one `indexOf` per secret, no copy.
 */
export function createSecretScrubber(secrets: Iterable<string | undefined>): (body: Buffer) => Buffer {
  const needles = [...new Set(secrets)]
    .filter((secret): secret is string => secret !== undefined && secret.length >= 4)
    .sort((a, b) => b.length - a.length)
    .map((secret) => Buffer.from(secret));
  return function scrub(body: Buffer): Buffer {
    let result = body;
    for (const needle of needles) {
      let at = result.indexOf(needle);
      if (at === -1) continue;
      const parts: Buffer[] = [];
      let from = 0;
      while (at !== -1) {
        parts.push(result.subarray(from, at), MARK);
        from = at + needle.length;
        at = result.indexOf(needle, from);
      }
      parts.push(result.subarray(from));
      result = Buffer.concat(parts);
    }
    return result;
  };
}
