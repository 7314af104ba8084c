import type { OutlastConfig } from './schema.ts';

/** One thing wrong with a configuration, at a path like `providers[0].base_url` (`(root)` for the whole file). */
export interface ConfigProblem {
  /** Where: `routes[1].targets[0].provider`, `(root)`, or the environment variable at fault. */
  path: string;
  /** What is wrong, in words a user can act on; ends with `(line N)` when the file position is known. */
  message: string;
}

/** The outcome of reading a configuration: a validated, deeply frozen config, or every problem found. */
export type LoadResult =
  | {
      ok: true;
      /** Validated, defaults applied, deeply frozen. */
      config: OutlastConfig;
      /** Where the config came from: an outlast.yaml file, or environment variables when there is none. */
      source: 'file' | 'env';
      /** What was set up and what deserves attention, in human words; never a secret value. */
      notes: string[];
    }
  | { ok: false; problems: ConfigProblem[] };
