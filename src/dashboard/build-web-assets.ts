import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a web build produced: file names under `/assets/`, relative to the output folder. */
export interface WebManifest {
  /** The entry script, e.g. `assets/main-3KX2J4.js`. */
  script: string;
  /** The stylesheet, e.g. `assets/main-9QW1TZ.css`. */
  style: string | undefined;
  /** Every built file (hashed names). */
  files: string[];
}

/** A build in memory: its manifest and the bytes of each file by its path, e.g. `assets/main-3KX2J4.js`. */
export interface WebAssets {
  /** Script and stylesheet names for the HTML shell. */
  manifest: WebManifest;
  /** Bytes of each file by its path under the output folder. */
  files: ReadonlyMap<string, Buffer>;
}

/** Reads a build from its folder. */
export function readWebAssets(dir: string): WebAssets {
  const manifest = JSON.parse(readFileSync(join(dir, webManifestName), 'utf8')) as WebManifest;
  const files = new Map<string, Buffer>();
  for (const file of manifest.files) files.set(file, readFileSync(join(dir, file)));
  return { manifest, files };
}

/** Name of the manifest written beside the assets. */
export const webManifestName = 'manifest.json';

interface EsbuildOutput {
  metafile?: { outputs: Record<string, { entryPoint?: string }> };
}

/**
 * Builds `web/` (Preact + uPlot) with esbuild into `outDir` with hashed file names. esbuild is a dev dependency: it is
 * imported here only, so a production install without it never loads this code path.
 */
export async function buildWebAssets(options: { rootDir: string; outDir: string }): Promise<WebAssets> {
  const esbuild = (await import('esbuild')) as {
    build(options: Record<string, unknown>): Promise<EsbuildOutput>;
  };
  // Build into a fresh sibling folder and swap it in, so that two processes building at once never serve a half.
  const staging = `${options.outDir}.tmp-${process.pid}-${Date.now()}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: options.rootDir,
    entryPoints: [join(options.rootDir, 'web', 'main.tsx')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: join(staging, 'assets'),
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const outputs = Object.keys(result.metafile?.outputs ?? {}).map((file) =>
    file.slice(file.indexOf('assets/')).replaceAll('\\', '/'),
  );
  const script = outputs.find((file) => file.endsWith('.js'));
  if (script === undefined) throw new Error('the web build produced no script');
  const manifest: WebManifest = { script, style: outputs.find((file) => file.endsWith('.css')), files: outputs };
  writeFileSync(join(staging, webManifestName), `${JSON.stringify(manifest, null, 2)}\n`);
  // This process serves what it built, read before the swap: another process swapping at the same moment is harmless.
  const built = readWebAssets(staging);
  rmSync(options.outDir, { recursive: true, force: true });
  try {
    renameSync(staging, options.outDir);
  } catch {
    // Another process swapped its build in first: both are the same sources, keep theirs.
    rmSync(staging, { recursive: true, force: true });
  }
  return built;
}
