import { openAICompatiblePresets } from '../providers/openai-compatible/openai-compatible-presets.ts';
import type { PresetName } from '../providers/openai-compatible/preset-names.ts';
import { findCacheProblems } from './find-cache-problems.ts';

/** A problem found by looking at several fields together; `path` is in zod's form (keys and indexes). */
export interface CrossFieldProblem {
  path: (string | number)[];
  message: string;
}

/** Hosted presets need a key; the keys of one type or preset are refused on the others. */
function findPresetProblems(provider: Record<string, unknown>): CrossFieldProblem[] {
  const problems: CrossFieldProblem[] = [];
  const { type, preset } = provider;
  const typeName = typeof type === 'string' ? type : 'unknown';
  if (preset !== undefined && type !== 'openai-compatible') {
    problems.push({
      path: ['preset'],
      message: `only providers of type openai-compatible take a preset (this one is '${typeName}')`,
    });
  }
  for (const key of ['app_url', 'app_name']) {
    if (provider[key] !== undefined && preset !== 'openrouter')
      problems.push({ path: [key], message: 'only providers with preset openrouter take it' });
  }
  for (const key of ['api_version', 'deployments']) {
    if (provider[key] !== undefined && type !== 'azure-openai')
      problems.push({
        path: [key],
        message: `only providers of type azure-openai take it (this one is '${typeName}')`,
      });
  }
  if (type === 'azure-openai') {
    if (provider.base_url === undefined)
      problems.push({
        path: ['base_url'],
        message: 'required for type azure-openai (https://<resource>.openai.azure.com)',
      });
    if (provider.api_key === undefined)
      problems.push({ path: ['api_key'], message: 'required for type azure-openai (sent as the api-key header)' });
  }
  if (typeof preset === 'string' && preset in openAICompatiblePresets && provider.api_key === undefined) {
    if (openAICompatiblePresets[preset as PresetName].requiresKey)
      problems.push({ path: ['api_key'], message: `required for preset ${preset} (a hosted service)` });
  }
  return problems;
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
  if (type === 'openai-compatible' && provider.base_url === undefined && provider.preset === undefined) {
    problems.push({
      path: ['base_url'],
      message: 'required for type openai-compatible (for example http://127.0.0.1:11434/v1 for Ollama)',
    });
  }
  const statusPage = provider.status_page;
  if (isRecord(statusPage) && statusPage.url === undefined && type !== 'anthropic' && type !== 'openai') {
    problems.push({ path: ['status_page', 'url'], message: 'required for a provider that is not anthropic or openai' });
  }
  problems.push(...findPresetProblems(provider));
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
