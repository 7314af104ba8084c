/** Counters of the model-serving traffic the simulator saw (GET /sim/stats). */
export interface SimStats {
  /** Requests received on non-`/sim` paths. */
  total: number;
  /** Requests per path (query string excluded). */
  by_path: Record<string, number>;
  /** Requests per injected fault kind. */
  by_fault: Record<string, number>;
  /** Requests per model named in the body. */
  by_model: Record<string, number>;
  /** Requests whose client went away before the response finished. */
  cancelled: number;
  /** Requests whose response was sent in full (error responses included). */
  completed: number;
  /** Requests being served now. */
  in_flight: number;
}

/** How a request ended. */
export type RequestEnd = 'completed' | 'cancelled' | 'dropped';

/** Records the counters; `dropped` is a connection the simulator itself destroyed (reset, cut, close). */
export interface SimStatsRecorder {
  /** Counts a new request on `path`. */
  begin(path: string): void;
  /** Counts the model a request named. */
  model(model: string): void;
  /** Counts a fault applied to a request. */
  fault(kind: string): void;
  /** Counts how a request ended. */
  end(how: RequestEnd): void;
  /** A copy of the counters. */
  snapshot(): SimStats;
  /** Zeroes the counters (requests in flight stay in flight). */
  reset(): void;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Creates a zeroed stats recorder. */
export function createSimStats(): SimStatsRecorder {
  let stats: SimStats = { total: 0, by_path: {}, by_fault: {}, by_model: {}, cancelled: 0, completed: 0, in_flight: 0 };
  return {
    begin(path) {
      stats.total += 1;
      stats.in_flight += 1;
      bump(stats.by_path, path);
    },
    model(model) {
      bump(stats.by_model, model);
    },
    fault(kind) {
      bump(stats.by_fault, kind);
    },
    end(how) {
      stats.in_flight = Math.max(0, stats.in_flight - 1);
      if (how === 'completed') stats.completed += 1;
      else if (how === 'cancelled') stats.cancelled += 1;
    },
    snapshot() {
      return {
        ...stats,
        by_path: { ...stats.by_path },
        by_fault: { ...stats.by_fault },
        by_model: { ...stats.by_model },
      };
    },
    reset() {
      stats = {
        total: 0,
        by_path: {},
        by_fault: {},
        by_model: {},
        cancelled: 0,
        completed: 0,
        in_flight: stats.in_flight,
      };
    },
  };
}
