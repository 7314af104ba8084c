import type { Gateway, GatewayDeps } from '../gateway.ts';
import { openHistoryStore } from '../store/history/open-history-store.ts';
import { openIncidentsStore } from '../store/incidents/open-incidents-store.ts';
import { createMonitor } from './create-monitor.ts';

/**
 * Attaches a monitor to a gateway when `monitoring.enabled`: stores in the data directory (SQLite) or in memory,
 * and the dispatch wrapped to count delivered availability. Returns the gateway as served.
 */
export function startMonitor(
  gateway: Gateway,
  options: {
    dataDir: string | undefined;
    deps?: GatewayDeps | undefined;
    schedule?: ((tick: () => void, ms: number) => () => void) | undefined;
  },
): Gateway {
  if (!gateway.config().monitoring.enabled) return gateway;
  const monitor = createMonitor({
    gateway,
    history: openHistoryStore(options.dataDir),
    incidents: openIncidentsStore(options.dataDir),
    now: options.deps?.now ?? Date.now,
    random: options.deps?.random ?? Math.random,
    schedule: options.schedule,
  });
  return { ...gateway, dispatch: monitor.wrapDispatch(gateway.dispatch), monitor };
}
