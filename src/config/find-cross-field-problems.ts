import { findCacheProblems } from './find-cache-problems.ts';

/** A problem found by looking at several fields together; `path` is in zod's form (keys and indexes). */
export interface CrossFieldProblem {
  path: (string | number)[];
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks settings that depend on the provider type: anthropic_version only on anthropic, base_url required for
 * openai-compatible. Paths are relative to the provider. Reads the value defensively: it also runs when other fields
 * of the provider are invalid.
 */
export function findProviderProblems(provider: unknown): CrossFieldProblem[] {
  const problems: CrossFieldProblem[] = [];
  if (!isRecord(provider)) return problems;
  const { type } = provider;
  if (provider.anthropic_version !== undefined && typeof type === 'string' && type !== 'anthropic') {
    problems.push({
      path: ['anthropic_version'],
      message: `only providers of type anthropic take anthropic_version (this one is '${type}')`,
    });
  }
  if (type === 'openai-compatible' && provider.base_url === undefined) {
    problems.push({
      path: ['base_url'],
      message: 'required for type openai-compatible (for example http://127.0.0.1:11434/v1 for Ollama)',
    });
  }
  return problems;
}

/**
 * Checks what a per-item schema cannot: unique provider ids and route models, targets naming declared providers.
 * Reads the value defensively: it also runs when other fields are invalid.
 */
export function findCrossFieldProblems(config: unknown): CrossFieldProblem[] {
  const problems: CrossFieldProblem[] = [];
  if (!isRecord(config)) return problems;

  const providers = Array.isArray(config.providers) ? config.providers : [];
  const firstIndexById = new Map<string, number>();
  providers.forEach((provider: unknown, index) => {
    if (!isRecord(provider)) return;
    const { id } = provider;
    if (typeof id === 'string') {
      const firstIndex = firstIndexById.get(id);
      if (firstIndex === undefined) firstIndexById.set(id, index);
      else
        problems.push({
          path: ['providers', index, 'id'],
          message: `duplicate provider id '${id}' (first declared at providers[${firstIndex}])`,
        });
    }
  });

  const knownIds = [...firstIndexById.keys()];
  const routes = Array.isArray(config.routes) ? config.routes : [];
  const firstIndexByModel = new Map<string, number>();
  routes.forEach((route: unknown, routeIndex) => {
    if (!isRecord(route)) return;
    if (typeof route.model === 'string') {
      const firstIndex = firstIndexByModel.get(route.model);
      if (firstIndex === undefined) firstIndexByModel.set(route.model, routeIndex);
      else
        problems.push({
          path: ['routes', routeIndex, 'model'],
          message: `duplicate route model '${route.model}' (first declared at routes[${firstIndex}])`,
        });
    }
    const targets = Array.isArray(route.targets) ? route.targets : [];
    targets.forEach((target: unknown, targetIndex) => {
      if (!isRecord(target) || typeof target.provider !== 'string' || target.provider === '') return;
      if (firstIndexById.has(target.provider)) return;
      const known = knownIds.length > 0 ? `declared: ${knownIds.join(', ')}` : 'no provider is declared';
      problems.push({
        path: ['routes', routeIndex, 'targets', targetIndex, 'provider'],
        message: `unknown provider '${target.provider}' (${known})`,
      });
    });
  });
  problems.push(...findCacheProblems(config));
  return problems;
}
