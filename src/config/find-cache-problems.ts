import type { CrossFieldProblem } from './find-cross-field-problems.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks the cache and degradation keys of every route against the rest of the config: each rung of `degrade` has
 * what it needs (`cache`, `rules_file`, `static_message`), and a semantic cache's embeddings provider is declared and
 * speaks the OpenAI format. Reads the value defensively: it also runs when other fields are invalid.
 */
export function findCacheProblems(config: Record<string, unknown>): CrossFieldProblem[] {
  const problems: CrossFieldProblem[] = [];
  const providers = Array.isArray(config.providers) ? config.providers.filter(isRecord) : [];
  const routes = Array.isArray(config.routes) ? config.routes : [];
  routes.forEach((route: unknown, index) => {
    if (!isRecord(route)) return;
    const degrade = Array.isArray(route.degrade) ? route.degrade : [];
    if (degrade.includes('stale-cache') && route.cache === undefined) {
      problems.push({ path: ['routes', index, 'cache'], message: 'required when degrade lists stale-cache' });
    }
    if (degrade.includes('rules') && route.rules_file === undefined) {
      problems.push({ path: ['routes', index, 'rules_file'], message: 'required when degrade lists rules' });
    }
    if (degrade.includes('static') && route.static_message === undefined) {
      problems.push({ path: ['routes', index, 'static_message'], message: 'required when degrade lists static' });
    }
    const semantic = isRecord(route.cache) && isRecord(route.cache.semantic) ? route.cache.semantic : undefined;
    const embeddings = semantic !== undefined && isRecord(semantic.embeddings) ? semantic.embeddings : undefined;
    if (embeddings === undefined || typeof embeddings.provider !== 'string') return;
    const path = ['routes', index, 'cache', 'semantic', 'embeddings', 'provider'];
    const provider = providers.find((entry) => entry.id === embeddings.provider);
    if (provider === undefined) {
      problems.push({ path, message: `unknown provider '${embeddings.provider}'` });
    } else if (provider.type === 'anthropic') {
      problems.push({ path, message: `provider '${embeddings.provider}' is anthropic, which serves no embeddings` });
    }
  });
  return problems;
}
