import { fileURLToPath } from 'node:url';
import { buildWebAssets } from '../src/dashboard/build-web-assets.ts';

// `npm run build:web`: the dashboard's front end into dist/web (hashed names, served by the gateway).
const rootDir = fileURLToPath(new URL('..', import.meta.url));
const { manifest } = await buildWebAssets({ rootDir, outDir: `${rootDir}dist/web` });
console.log(`dist/web: ${manifest.files.join(', ')}`);
