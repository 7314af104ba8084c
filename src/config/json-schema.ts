import { z } from 'zod';
import { configSchema } from './schema.ts';

type JsonSchema = Record<string, unknown>;

// `port: ${PORT}` is valid in the file (interpolated before validation): editors must not flag it.
const ENV_REFERENCE: JsonSchema = {
  type: 'string',
  pattern: '\\$\\{[A-Za-z_]',
  description: 'Text with an environment variable reference, replaced when the file is loaded.',
};

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Lets every constrained scalar also be a `${VAR}` reference; plain strings already accept one. */
function allowEnvReferences(schema: JsonSchema): JsonSchema {
  if (schema.type === 'object' || schema.type === 'array') {
    const result: JsonSchema = { ...schema };
    if (isSchema(schema.properties)) {
      result.properties = Object.fromEntries(
        Object.entries(schema.properties).map(([key, value]) => [
          key,
          isSchema(value) ? allowEnvReferences(value) : value,
        ]),
      );
    }
    if (isSchema(schema.items)) result.items = allowEnvReferences(schema.items);
    if (isSchema(schema.additionalProperties))
      result.additionalProperties = allowEnvReferences(schema.additionalProperties);
    return result;
  }
  const constrained = schema.type !== 'string' || 'pattern' in schema || 'format' in schema || 'enum' in schema;
  if (!constrained) return schema;
  const { description, default: defaultValue, ...rest } = schema;
  return {
    ...(description !== undefined && { description }),
    ...(defaultValue !== undefined && { default: defaultValue }),
    anyOf: [rest, ENV_REFERENCE],
  };
}

/**
 * The JSON Schema of outlast.yaml for editors (yaml-language-server, VS Code). It describes the file as written
 * (`io: 'input'`): keys with a default are optional, and any scalar may be a `${VAR}` reference. Checks across
 * fields (unique ids, known providers) are not in it: `outlast check` runs them.
 */
export function configJsonSchema(): JsonSchema {
  const { $schema, ...rest } = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' });
  return { $schema, title: 'Outlast configuration (outlast.yaml)', ...allowEnvReferences(rest) };
}
