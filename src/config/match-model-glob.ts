/** Whether a model name matches a provider's model entry: an exact name, or a glob where '*' matches any characters. */
export function matchModelGlob(pattern: string, model: string): boolean {
  if (!pattern.includes('*')) return pattern === model;
  const parts = pattern.split('*');
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (model.length < first.length + last.length || !model.startsWith(first) || !model.endsWith(last)) return false;
  let position = first.length;
  const end = model.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const found = model.indexOf(part, position);
    if (found === -1 || found + part.length > end) return false;
    position = found + part.length;
  }
  return true;
}
