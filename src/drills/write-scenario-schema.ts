// Writes docs/drill-scenario.schema.json from the zod schema: `npm run schema`. A test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from './scenario-json-schema.ts';

const target = new URL('../../docs/drill-scenario.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target.pathname}\n`);
