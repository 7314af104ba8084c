/**
 * Turns a Gemini `Schema` (the OpenAPI 3.0 subset of `parameters` and `responseSchema`: upper-case `type`,
 * `nullable`, `propertyOrdering`) into plain JSON Schema: types lower-cased, `nullable: true` as a `null` type,
 * Gemini-only keys left out. Other keys are kept as they are. Pure.
 * @see https://ai.google.dev/api/caching#Schema
 */
export function fromGeminiSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(fromGeminiSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const source = schema as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable' || key === 'propertyOrdering') continue;
    if (key === 'type' && typeof value === 'string') result.type = value.toLowerCase();
    else if (key === 'properties' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      result.properties = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, inner]) => [name, fromGeminiSchema(inner)]),
      );
    } else if (key === 'items' || key === 'anyOf') result[key] = fromGeminiSchema(value);
    else result[key] = value;
  }
  if (source.nullable === true && typeof result.type === 'string') result.type = [result.type, 'null'];
  return result;
}
