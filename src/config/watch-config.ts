import { createHash } from 'node:crypto';
import { type FSWatcher, readFileSync, watch } from 'node:fs';
import path from 'node:path';
import { type ConfigProblem, parseConfigText } from './load-config.ts';
import type { OutlastConfig } from './schema.ts';

export interface WatchConfigOptions {
  /** The config file; its directory is watched, because editors replace files rather than write them in place. */
  path: string;
  /** Environment for `${VAR}` interpolation, as at start. */
  env: Readonly<Record<string, string | undefined>>;
  /** Called with the new config after the file changed and is valid. */
  onReload: (config: OutlastConfig) => void;
  /** Called with every problem when the file changed and is invalid (or vanished); the caller keeps the old config. */
  onInvalid: (problems: ConfigProblem[]) => void;
  /** Quiet time after the last change event before the file is read; editors write in several steps. Default 100. */
  debounceMs?: number;
}

const MISSING = 'missing';

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Reads the file, or MISSING when it is not there (between an editor's rename and write, or deleted). */
function readText(file: string): string | typeof MISSING {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return MISSING;
    throw error;
  }
}

/**
 * Watches a config file and reports each change once it has settled: onReload with a valid config, onInvalid with the
 * problems otherwise. Content identical to the last one seen (a touch, a save without change) is ignored.
 */
export function watchConfig(options: WatchConfigOptions): { close(): void } {
  const file = path.resolve(options.path);
  const directory = path.dirname(file);
  const name = path.basename(file);
  const debounceMs = options.debounceMs ?? 100;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const initial = readText(file);
  let lastHash = initial === MISSING ? MISSING : hashOf(initial);

  const check = (): void => {
    timer = undefined;
    if (closed) return;
    let text: string;
    try {
      const read = readText(file);
      if (read === MISSING) {
        if (lastHash === MISSING) return;
        lastHash = MISSING;
        options.onInvalid([{ path: '(root)', message: `config file ${file} was removed; keeping the running config` }]);
        return;
      }
      text = read;
    } catch (error) {
      options.onInvalid([{ path: '(root)', message: `cannot read config file ${file}: ${(error as Error).message}` }]);
      return;
    }
    const hash = hashOf(text);
    if (hash === lastHash) return;
    lastHash = hash;
    const result = parseConfigText(text, options.env, { baseDir: path.dirname(options.path) });
    if (result.ok) options.onReload(result.config);
    else options.onInvalid(result.problems);
  };

  const watcher: FSWatcher = watch(directory, { persistent: true }, (_event, changed) => {
    // Some platforms do not say which file changed: check anyway, the hash filters the rest.
    if (closed || (changed !== null && changed !== name)) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(check, debounceMs);
  });
  watcher.on('error', (error) => {
    if (!closed) options.onInvalid([{ path: '(root)', message: `watching ${directory} failed: ${error.message}` }]);
  });

  return {
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      watcher.close();
    },
  };
}
