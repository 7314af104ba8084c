// Writes docs/config.schema.json from the zod schema: `npm run schema`. json-schema.test.ts fails when it is stale.
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from './json-schema.ts';

const target = new URL('../../docs/config.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target.pathname}\n`);
