const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Formats a zod-style path as `providers[0].headers["x-team"]`; the empty path is `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text === '' ? '(root)' : text;
}
