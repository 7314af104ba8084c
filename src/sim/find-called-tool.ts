function isNameCode(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95 ||
    code === 45
  );
}

/** The offered tool that `text` asks for with `call <tool_name>` (earliest mention wins), or undefined. */
export function findCalledTool(text: string, toolNames: readonly string[]): string | undefined {
  const haystack = text.toLowerCase();
  let found: string | undefined;
  let foundAt = Number.POSITIVE_INFINITY;
  for (const name of toolNames) {
    const needle = `call ${name.toLowerCase()}`;
    let at = haystack.indexOf(needle);
    while (at !== -1 && at < foundAt) {
      const before = at === 0 ? 32 : haystack.charCodeAt(at - 1);
      const after = haystack.charCodeAt(at + needle.length);
      if (!isNameCode(before) && (Number.isNaN(after) || !isNameCode(after))) {
        found = name;
        foundAt = at;
        break;
      }
      at = haystack.indexOf(needle, at + 1);
    }
  }
  return found;
}
