import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type BrowserContextOptions, chromium } from 'playwright-core';

/** Debian's Chromium (installed by .ci/run). */
export const chromiumPath = '/usr/bin/chromium';

/** Where the browser tests write screenshots (gitignored). */
export const artifactsDir = join(import.meta.dirname, '..', '..', 'test-artifacts', 'browser');

/** Why the browser tests cannot run here, or undefined when they can. */
export const noBrowser = existsSync(chromiumPath)
  ? undefined
  : `no Chromium at ${chromiumPath}: run .ci/run or apt-get install -y chromium`;

/** Headless Chromium with a fresh profile; closing the context deletes the profile. */
export async function launchChromium(options: BrowserContextOptions = {}): Promise<BrowserContext> {
  mkdirSync(artifactsDir, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'outlast-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
    ...options,
  });
  context.on('close', () => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch {
      // Chromium may still be writing its profile as it exits; the system cleans the temp folder.
    }
  });
  return context;
}
