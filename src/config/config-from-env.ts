import type { LoadResult } from './load-result.ts';
import type { ProviderConfig } from './schema.ts';
import { toConfigProblems, validateConfig } from './validate-config.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The environment variables configFromEnv reads, for docs and messages. */
export const CONFIG_ENV_VARIABLES = {
  anthropicApiKey: 'ANTHROPIC_API_KEY',
  anthropicBaseUrl: 'OUTLAST_ANTHROPIC_BASE_URL',
  openaiApiKey: 'OPENAI_API_KEY',
  openaiBaseUrl: 'OUTLAST_OPENAI_BASE_URL',
  localBaseUrl: 'OUTLAST_LOCAL_BASE_URL',
  localModels: 'OUTLAST_LOCAL_MODELS',
  localApiKey: 'OUTLAST_LOCAL_API_KEY',
  geminiApiKey: 'GEMINI_API_KEY',
  geminiBaseUrl: 'OUTLAST_GEMINI_BASE_URL',
} as const;

const names = CONFIG_ENV_VARIABLES;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** Which variable each provider field came from, to report a problem under the variable's name. */
type FieldSources = Partial<Record<'api_key' | 'base_url' | 'models', string>>;

function describeProvider(provider: ProviderConfig, keySource: string | undefined): string {
  const key = keySource === undefined ? 'no key' : `key from ${keySource}`;
  const models =
    provider.models.length === 1 && provider.models[0] === '*'
      ? 'every model the providers above do not serve (*)'
      : provider.models.join(', ');
  return `provider '${provider.id}' (${provider.type}): ${provider.base_url}, ${key}, serves ${models}`;
}

/**
 * Builds a configuration from environment variables when there is no outlast.yaml: anthropic from ANTHROPIC_API_KEY,
 * openai from OPENAI_API_KEY, gemini from GEMINI_API_KEY, an openai-compatible `local` from OUTLAST_LOCAL_BASE_URL (serving OUTLAST_LOCAL_MODELS,
 * default every model nobody else serves). Upstream URLs change with OUTLAST_ANTHROPIC_BASE_URL and
 * OUTLAST_OPENAI_BASE_URL, never ANTHROPIC_BASE_URL / OPENAI_BASE_URL: clients set those to point at Outlast.
 */
export function configFromEnv(env: Env): LoadResult {
  const providers: Record<string, unknown>[] = [];
  const sources: FieldSources[] = [];
  const notes: string[] = [];

  const hosted = [
    {
      id: 'anthropic',
      keyName: names.anthropicApiKey,
      urlName: names.anthropicBaseUrl,
      clientUrl: 'ANTHROPIC_BASE_URL',
    },
    { id: 'openai', keyName: names.openaiApiKey, urlName: names.openaiBaseUrl, clientUrl: 'OPENAI_BASE_URL' },
    {
      id: 'gemini',
      keyName: names.geminiApiKey,
      urlName: names.geminiBaseUrl,
      clientUrl: 'GOOGLE_GEMINI_BASE_URL',
    },
  ] as const;
  for (const { id, keyName, urlName, clientUrl } of hosted) {
    const apiKey = read(env, keyName);
    const baseUrl = read(env, urlName);
    if (apiKey !== undefined) {
      providers.push({ id, type: id, api_key: apiKey, ...(baseUrl !== undefined && { base_url: baseUrl }) });
      sources.push({ api_key: keyName, base_url: urlName });
    } else if (baseUrl !== undefined) {
      notes.push(`${urlName} is set but ${keyName} is not: ${id} is not configured`);
    }
    if (read(env, clientUrl) !== undefined) {
      notes.push(`${clientUrl} is ignored (clients use it to reach Outlast); ${urlName} sets the upstream URL`);
    }
  }

  const localBaseUrl = read(env, names.localBaseUrl);
  if (localBaseUrl !== undefined) {
    const listed = (read(env, names.localModels) ?? '')
      .split(',')
      .map((model) => model.trim())
      .filter((model) => model !== '');
    const apiKey = read(env, names.localApiKey);
    providers.push({
      id: 'local',
      type: 'openai-compatible',
      base_url: localBaseUrl,
      // Last in the list, so '*' only takes the models the hosted providers above do not serve.
      models: listed.length > 0 ? listed : ['*'],
      ...(apiKey !== undefined && { api_key: apiKey }),
    });
    sources.push({ base_url: names.localBaseUrl, models: names.localModels, api_key: names.localApiKey });
  }

  if (providers.length === 0) {
    const message =
      `no provider configured: set ${names.anthropicApiKey}, ${names.openaiApiKey}, ${names.geminiApiKey} or ` +
      `${names.localBaseUrl} ` +
      '(an OpenAI-compatible server such as Ollama, e.g. http://127.0.0.1:11434/v1), or write outlast.yaml ' +
      '(see examples/outlast.yaml)';
    return { ok: false, problems: [{ path: '(environment)', message }] };
  }

  const validation = validateConfig({ providers });
  if (!validation.ok) {
    // Name the variable at fault, not a path in a file the user never wrote.
    return {
      ok: false,
      problems: toConfigProblems(validation.problems).map((problem, index) => {
        const [, providerIndex, field] = validation.problems[index]!.path;
        const source = typeof providerIndex === 'number' ? sources[providerIndex] : undefined;
        const variable = source?.[field as keyof FieldSources];
        return variable === undefined ? problem : { path: variable, message: problem.message };
      }),
    };
  }

  const config = validation.config;
  const setUp = config.providers.map((provider, index) => {
    const keyName = sources[index]?.api_key;
    return describeProvider(provider, provider.api_key === undefined ? undefined : keyName);
  });
  setUp.push('no routes: a request goes to the first provider whose models match the model it names');
  return { ok: true, config, source: 'env', notes: [...setUp, ...notes] };
}
