import type { WireFormat } from '../core/provider-adapter.ts';

/** One candidate upstream for a request: which provider, which upstream model. */
export interface PlannedTarget {
  /** Provider id. */
  provider: string;
  /** The model name sent upstream. */
  model: string;
  /** Relative weight for the balance strategy. */
  weight: number;
}

/** What resolveTargets needs to know, precomputed from the config. */
export interface RoutingTable {
  /** Routes by the public model name. */
  routes: ReadonlyMap<string, { strategy: 'fallback' | 'balance'; targets: readonly PlannedTarget[] }>;
  /** Providers in config order, with the format they speak and a matcher for the model names they serve. */
  providers: readonly { id: string; format: WireFormat; serves: (model: string) => boolean }[];
}

/**
 * The ordered targets for a model name: the route's targets; else `provider/model` by prefix; else the first
 * provider (preferring the client's format) whose model list matches. Undefined when nothing serves the name.
 */
export function resolveTargets(
  table: RoutingTable,
  model: string,
  format: WireFormat,
): readonly PlannedTarget[] | undefined {
  const route = table.routes.get(model);
  if (route !== undefined) return route.targets;
  const slash = model.indexOf('/');
  if (slash > 0) {
    const provider = model.slice(0, slash);
    if (table.providers.some((entry) => entry.id === provider)) {
      return [{ provider, model: model.slice(slash + 1), weight: 1 }];
    }
  }
  let other: string | undefined;
  for (const entry of table.providers) {
    if (!entry.serves(model)) continue;
    if (entry.format === format) return [{ provider: entry.id, model, weight: 1 }];
    other ??= entry.id;
  }
  return other === undefined ? undefined : [{ provider: other, model, weight: 1 }];
}
