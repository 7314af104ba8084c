import { openAICompatiblePresets } from '../providers/openai-compatible/openai-compatible-presets.ts';
import { matchModelGlob } from './match-model-glob.ts';
import type { OutlastConfig, TargetConfig } from './schema.ts';

/** What is left of one route when some providers are down. */
export interface RouteAudit {
  /** The route's model name. */
  route: string;
  /** Its targets whose provider is still up, in order. */
  remaining: TargetConfig[];
  /**
   * `no-target`: nothing left. `degraded`: the route lost targets and either fewer than half of them remain, or only
   * local targets (openai-compatible without a hosted preset) remain where it had a hosted one. `ok`: otherwise.
   */
  status: 'ok' | 'degraded' | 'no-target';
}

/** Where the models a down provider serves without a route would go. */
export interface DirectModelsAudit {
  /** The provider taken away. */
  provider: string;
  /** One of its model globs. */
  models: string;
  /** The first remaining provider whose globs cover all of those names, or undefined when none does. */
  takenOverBy: string | undefined;
}

/**
 * Answers "which routes would be left with no target, or only a degraded one, if these providers went down"
 * (`outlast check --without`). Pure: reads the config only.
 */
export function describeRoutesWithout(config: OutlastConfig, providerIds: string[]): RouteAudit[] {
  const down = new Set(providerIds);
  const byId = new Map(config.providers.map((provider) => [provider.id, provider]));
  // A hosted preset (Groq, Mistral, ...) is a hosted target even though it is openai-compatible.
  const isLocal = (target: TargetConfig) => {
    const provider = byId.get(target.provider);
    if (provider?.type !== 'openai-compatible') return false;
    return provider.preset === undefined || !openAICompatiblePresets[provider.preset].requiresKey;
  };
  return config.routes.map((route) => {
    const remaining = route.targets.filter((target) => !down.has(target.provider));
    let status: RouteAudit['status'] = 'ok';
    if (remaining.length === 0) status = 'no-target';
    else if (remaining.length < route.targets.length) {
      const fewerThanHalf = remaining.length * 2 < route.targets.length;
      const onlyLocalLeft = remaining.every(isLocal) && !route.targets.every(isLocal);
      if (fewerThanHalf || onlyLocalLeft) status = 'degraded';
    }
    return { route: route.model, remaining, status };
  });
}

/**
 * For the models the down providers serve without a route (their `models` globs), the remaining provider that would
 * take them: the first whose glob covers the whole glob ('*' covers everything, 'claude-*' covers 'claude-3*').
 */
export function describeDirectModelsWithout(config: OutlastConfig, providerIds: string[]): DirectModelsAudit[] {
  const down = new Set(providerIds);
  const remaining = config.providers.filter((provider) => !down.has(provider.id));
  return config.providers
    .filter((provider) => down.has(provider.id))
    .flatMap((provider) =>
      provider.models.map((models) => ({
        provider: provider.id,
        models,
        // Treating the glob as a name: a pattern matching the text 'claude-*' matches every name it stands for.
        takenOverBy: remaining.find((other) => other.models.some((glob) => matchModelGlob(glob, models)))?.id,
      })),
    );
}
