import { z } from 'zod';
import { scenarioSchema } from './scenario-schema.ts';

/** The JSON Schema of a drill scenario file, as written (`io: 'input'`), for editors (pure). */
export function scenarioJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-2020-12' });
  return { $schema, title: 'Outlast drill scenario', ...rest };
}
