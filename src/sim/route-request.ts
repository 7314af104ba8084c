import type { IncomingHttpHeaders } from 'node:http';

/** What a request asks for. */
export type RouteKind =
  | 'anthropic-messages'
  | 'anthropic-count-tokens'
  | 'anthropic-models'
  | 'openai-chat'
  | 'openai-responses'
  | 'openai-embeddings'
  | 'openai-models'
  | 'gemini-generate'
  | 'gemini-models'
  | 'sim-faults'
  | 'sim-stats'
  | 'sim-config'
  | 'sim-status'
  | 'not-found';

/** A routed request. */
export interface Route {
  /** What is asked for. */
  kind: RouteKind;
  /** Which API answers (and in whose shape errors are), or `sim` for the control endpoints. */
  api: 'anthropic' | 'openai' | 'gemini' | 'sim';
  /** Model id of `GET /v1/models/{id}`, or the model of a Gemini path. */
  modelId: string | undefined;
  /** Gemini: `streamGenerateContent` rather than `generateContent`. */
  streaming?: boolean | undefined;
  /** Azure OpenAI's deployment path (`/openai/deployments/{name}/...`): the key comes in `api-key`, `api-version` is required. */
  azure: boolean;
}

const modelsPrefix = '/v1/models/';
const geminiModelsPrefix = '/v1beta/models/';

/**
 * Gemini paths: `POST models/{model}:generateContent` / `:streamGenerateContent` under `/v1beta/` or `/v1/`,
 * `GET /v1beta/models[/{model}]`.
 */
function routeGemini(method: string | undefined, path: string, prefix: string): Route {
  if (method === 'GET') {
    if (path === '/v1beta/models') return route('gemini-models', 'gemini');
    if (path.startsWith(geminiModelsPrefix) && !path.includes(':')) {
      return route('gemini-models', 'gemini', decodePathPart(path.slice(geminiModelsPrefix.length)));
    }
  } else if (method === 'POST' && path.startsWith(prefix)) {
    const colon = path.lastIndexOf(':');
    const action = colon === -1 ? '' : path.slice(colon + 1);
    const model = colon === -1 ? '' : decodePathPart(path.slice(prefix.length, colon));
    if (model !== '' && (action === 'generateContent' || action === 'streamGenerateContent')) {
      return {
        kind: 'gemini-generate',
        api: 'gemini',
        modelId: model,
        streaming: action === 'streamGenerateContent',
        azure: false,
      };
    }
  }
  return route('not-found', 'gemini');
}

function route(kind: RouteKind, api: Route['api'], modelId?: string, azure = false): Route {
  return { kind, api, modelId, azure };
}

const azurePrefix = '/openai/deployments/';

/**
 * OpenAI-shaped paths under another prefix: Azure's `/openai/deployments/{name}/chat/completions` and the hosted
 * OpenAI-compatible services' (`/openai/v1/...` at Groq, `/api/v1/...` at OpenRouter, `/chat/completions` at DeepSeek).
 */
function routeOpenAIPath(path: string): Route | undefined {
  const azure = path.startsWith(azurePrefix) && path.indexOf('/', azurePrefix.length) > azurePrefix.length;
  if (path.endsWith('/chat/completions')) return route('openai-chat', 'openai', undefined, azure);
  if (path.endsWith('/embeddings')) return route('openai-embeddings', 'openai', undefined, azure);
  return undefined;
}

function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Whether the request speaks Anthropic (it carries `anthropic-version` or `x-api-key`). */
function looksAnthropic(headers: IncomingHttpHeaders): boolean {
  return headers['anthropic-version'] !== undefined || headers['x-api-key'] !== undefined;
}

/** Routes a request by method and path (query excluded); unknown paths go to `not-found` in the likely vendor's shape. */
export function routeRequest(method: string | undefined, path: string, headers: IncomingHttpHeaders): Route {
  if (path.startsWith('/sim/')) {
    if (path === '/sim/faults') return route('sim-faults', 'sim');
    if (path === '/sim/stats') return route('sim-stats', 'sim');
    if (path === '/sim/config') return route('sim-config', 'sim');
    if (path.startsWith('/sim/status/')) return route('sim-status', 'sim');
    return route('not-found', 'sim');
  }
  if (path.startsWith('/v1beta/')) return routeGemini(method, path, geminiModelsPrefix);
  if (method === 'POST' && path.startsWith(modelsPrefix) && path.endsWith('Content')) {
    return routeGemini(method, path, modelsPrefix);
  }
  const anthropic = looksAnthropic(headers);
  if (method === 'POST') {
    if (path === '/v1/messages') return route('anthropic-messages', 'anthropic');
    if (path === '/v1/messages/count_tokens') return route('anthropic-count-tokens', 'anthropic');
    if (path === '/v1/chat/completions') return route('openai-chat', 'openai');
    if (path === '/v1/responses') return route('openai-responses', 'openai');
    if (path === '/v1/embeddings') return route('openai-embeddings', 'openai');
    const other = routeOpenAIPath(path);
    if (other !== undefined) return other;
  } else if (method === 'GET') {
    const kind = anthropic ? 'anthropic-models' : 'openai-models';
    const api = anthropic ? 'anthropic' : 'openai';
    if (path === '/v1/models') return route(kind, api);
    if (path.startsWith(modelsPrefix) && path.length > modelsPrefix.length) {
      return route(kind, api, decodePathPart(path.slice(modelsPrefix.length)));
    }
  }
  return route('not-found', anthropic ? 'anthropic' : 'openai');
}
