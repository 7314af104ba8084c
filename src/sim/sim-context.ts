import type { FaultList } from './fault-list.ts';
import type { LruCache } from './lru-cache.ts';
import type { RenderedAnswer } from './rendered-answer.ts';
import type { SimKnobs } from './sim-knobs.ts';
import type { SimResources } from './sim-resources.ts';
import type { SimStatsRecorder } from './sim-stats.ts';
import type { SimStatusPages } from './sim-status-pages.ts';

/** The state a simulator's request handlers share. */
export interface SimContext {
  /** Current knobs (replaced as a whole on change). */
  knobs: SimKnobs;
  /** Active fault rules. */
  faults: FaultList;
  /** Traffic counters. */
  stats: SimStatsRecorder;
  /** Rendered answers by request hash. */
  cache: LruCache<RenderedAnswer>;
  /** True while the simulator closes: connections it destroys are not client cancellations. */
  closing: boolean;
  /** Model-serving requests whose response has not closed yet. */
  open: number;
  /** Called when `open` drops to zero (set by `close()` to wait for destroyed responses to settle). */
  onIdle: (() => void) | undefined;
  /** The simulated vendor status pages (`/sim/status/...`). */
  statusPages: SimStatusPages;
  /** Files and batches of the Files and Batches APIs, per credential (cleared on close). */
  resources: SimResources;
}
