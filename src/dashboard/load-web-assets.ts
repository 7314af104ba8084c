import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { buildWebAssets, readWebAssets, type WebAssets, webManifestName } from './build-web-assets.ts';

export type { WebAssets } from './build-web-assets.ts';

/** The package root (src/dashboard/../..; the same from dist/dashboard). */
const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Reads an existing build; another process may be swapping a new one in, so a failed read is tried again. */
async function readExisting(outDir: string): Promise<WebAssets | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (!existsSync(join(outDir, webManifestName))) return undefined;
    try {
      return readWebAssets(outDir);
    } catch {
      await sleep(100);
    }
  }
  return undefined;
}

/** True when `dist/web` is missing or older than `web/` (a checkout running from src). */
function isStale(rootDir: string, outDir: string): boolean {
  const manifestPath = join(outDir, webManifestName);
  if (!existsSync(manifestPath)) return true;
  const sources = join(rootDir, 'web');
  return existsSync(sources) && newestMtimeMs(sources) > statSync(manifestPath).mtimeMs;
}

const loaded = new Map<string, Promise<WebAssets | undefined>>();

/**
 * The built front end in `<root>/dist/web`. When it is missing or older than `web/` and esbuild is installed (a fresh
 * clone running from src: `npm run demo`, the tests), it is built first, once per process. Resolves undefined when
 * there is no build and none can be made; the gateway then serves a page saying how to build it.
 */
export function loadWebAssets(
  options: { rootDir?: string; logError?: (message: string, fields: Record<string, unknown>) => void } = {},
): Promise<WebAssets | undefined> {
  const rootDir = options.rootDir ?? packageRoot;
  const cached = loaded.get(rootDir);
  if (cached !== undefined) return cached;
  const outDir = join(rootDir, 'dist', 'web');
  const promise = (async () => {
    if (isStale(rootDir, outDir) && existsSync(join(rootDir, 'web', 'main.tsx'))) {
      try {
        return await buildWebAssets({ rootDir, outDir });
      } catch (error) {
        // No esbuild (a production install) or a broken source: serve what exists, else the how-to-build page.
        options.logError?.('dashboard: the web build failed; run `npm run build:web`', { error: String(error) });
      }
    }
    return readExisting(outDir);
  })();
  loaded.set(rootDir, promise);
  return promise;
}
