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
  | 'anthropic-batches'
  | 'anthropic-files'
  | 'openai-files'
  | 'openai-batches'
  | 'gemini-files'
  | 'sim-faults'
  | 'sim-stats'
  | 'sim-config'
  | 'sim-status'
  | 'not-found';

/**
 * What a request does to a stored resource (a file or a batch); `upload` sends bytes to a started resumable upload
 * (Gemini's upload URL), whose `upload_id` is the `resourceId`.
 */
export type ResourceAction = 'create' | 'upload' | 'list' | 'retrieve' | 'content' | 'results' | 'cancel' | 'delete';

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
  /** Files and Batches routes (the `anthropic-batches`, `*-files` and `openai-batches` kinds): what the request does. */
  action?: ResourceAction | undefined;
  /** Resource routes: the file or batch id named in the path (a Gemini upload: its `upload_id`). */
  resourceId?: string | undefined;
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

const downloadVerb = ':download';

/**
 * Gemini's Files API under `/v1beta/files` (or `/v1/files`): list, get, delete, and `GET {id}:download`. The
 * `/download/{version}/files/{id}:download` form of a generated file's `downloadUri` is routed here too.
 */
function routeGeminiFiles(method: string | undefined, path: string, collection: string): Route {
  const parts = pathParts(path, collection);
  const id = parts?.length === 1 ? parts[0]! : undefined;
  const download = id !== undefined && id.length > downloadVerb.length && id.endsWith(downloadVerb);
  if (download && method === 'GET') {
    return resourceRoute('gemini-files', 'gemini', 'content', id.slice(0, -downloadVerb.length));
  }
  if (!download && !collection.startsWith('/download/')) {
    if (parts?.length === 0 && method === 'GET') return resourceRoute('gemini-files', 'gemini', 'list');
    if (id !== undefined && method === 'GET') return resourceRoute('gemini-files', 'gemini', 'retrieve', id);
    if (id !== undefined && method === 'DELETE') return resourceRoute('gemini-files', 'gemini', 'delete', id);
  }
  return route('not-found', 'gemini');
}

/**
 * `POST /upload/{version}/files`: the start of a resumable upload, or a multipart or raw upload; with `?upload_id=`,
 * the bytes of a started resumable upload (the URL the start answered in `x-goog-upload-url`).
 */
function routeGeminiUpload(method: string | undefined, path: string, query: string): Route {
  if (method !== 'POST' || (path !== '/upload/v1beta/files' && path !== '/upload/v1/files')) {
    return route('not-found', 'gemini');
  }
  const uploadId = query.includes('upload_id=') ? new URLSearchParams(query).get('upload_id') : null;
  if (uploadId === null) return resourceRoute('gemini-files', 'gemini', 'create');
  return resourceRoute('gemini-files', 'gemini', 'upload', uploadId);
}

/** Whether a `/v1/files` request is Gemini's: it carries a Google key (`x-goog-api-key` or `?key=`). */
function looksGemini(headers: IncomingHttpHeaders, query: string): boolean {
  return headers['x-goog-api-key'] !== undefined || new URLSearchParams(query).has('key');
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

function resourceRoute(kind: RouteKind, api: Route['api'], action: ResourceAction, id?: string): Route {
  return { kind, api, modelId: undefined, azure: false, action, resourceId: id };
}

/** `[]` for the collection itself, `[id]` or `[id, verb]` for a path under it, or undefined for another path. */
function pathParts(path: string, collection: string): string[] | undefined {
  if (path === collection) return [];
  if (!path.startsWith(collection) || path.charCodeAt(collection.length) !== 0x2f) return undefined;
  const parts = path.slice(collection.length + 1).split('/');
  if (parts.length > 2 || parts.some((part) => part.length === 0)) return undefined;
  parts[0] = decodePathPart(parts[0]!);
  return parts;
}

/**
 * The resource APIs: Anthropic Message Batches (`/v1/messages/batches`), the Files APIs of both vendors (`/v1/files`,
 * Anthropic's when the request speaks Anthropic) and OpenAI Batches (`/v1/batches`).
 */
function routeResource(method: string | undefined, path: string, anthropic: boolean): Route | undefined {
  const batches = pathParts(path, '/v1/messages/batches');
  if (batches !== undefined) return routeCollection('anthropic-batches', 'anthropic', method, batches);
  const files = pathParts(path, '/v1/files');
  if (files !== undefined) {
    return anthropic
      ? routeCollection('anthropic-files', 'anthropic', method, files)
      : routeCollection('openai-files', 'openai', method, files);
  }
  const openAiBatches = pathParts(path, '/v1/batches');
  if (openAiBatches !== undefined) return routeCollection('openai-batches', 'openai', method, openAiBatches);
  return undefined;
}

function routeCollection(kind: RouteKind, api: Route['api'], method: string | undefined, parts: string[]): Route {
  const [id, verb] = parts;
  if (id === undefined) {
    if (method === 'POST') return resourceRoute(kind, api, 'create');
    if (method === 'GET') return resourceRoute(kind, api, 'list');
  } else if (verb === undefined) {
    if (method === 'GET') return resourceRoute(kind, api, 'retrieve', id);
    if (method === 'DELETE' && kind !== 'openai-batches') return resourceRoute(kind, api, 'delete', id);
  } else if (method === 'GET' && verb === 'content' && (kind === 'anthropic-files' || kind === 'openai-files')) {
    return resourceRoute(kind, api, 'content', id);
  } else if (method === 'GET' && verb === 'results' && kind === 'anthropic-batches') {
    return resourceRoute(kind, api, 'results', id);
  } else if (method === 'POST' && verb === 'cancel' && (kind === 'anthropic-batches' || kind === 'openai-batches')) {
    return resourceRoute(kind, api, 'cancel', id);
  }
  return route('not-found', api);
}

/**
 * Routes a request by method and path; the query (without `?`) only tells a Gemini upload's `upload_id` and a
 * Gemini key in `?key=`. Unknown paths go to `not-found` in the likely vendor's shape.
 */
export function routeRequest(
  method: string | undefined,
  path: string,
  headers: IncomingHttpHeaders,
  query = '',
): Route {
  if (path.startsWith('/sim/')) {
    if (path === '/sim/faults') return route('sim-faults', 'sim');
    if (path === '/sim/stats') return route('sim-stats', 'sim');
    if (path === '/sim/config') return route('sim-config', 'sim');
    if (path.startsWith('/sim/status/')) return route('sim-status', 'sim');
    return route('not-found', 'sim');
  }
  if (path.startsWith('/v1beta/files')) return routeGeminiFiles(method, path, '/v1beta/files');
  if (path.startsWith('/v1beta/')) return routeGemini(method, path, geminiModelsPrefix);
  if (path.startsWith('/upload/')) return routeGeminiUpload(method, path, query);
  if (path.startsWith('/download/v1beta/files/')) return routeGeminiFiles(method, path, '/download/v1beta/files');
  if (path.startsWith('/download/v1/files/')) return routeGeminiFiles(method, path, '/download/v1/files');
  if (path.startsWith('/v1/files') && looksGemini(headers, query)) return routeGeminiFiles(method, path, '/v1/files');
  if (method === 'POST' && path.startsWith(modelsPrefix) && path.endsWith('Content')) {
    return routeGemini(method, path, modelsPrefix);
  }
  const anthropic = looksAnthropic(headers);
  const resource = routeResource(method, path, anthropic);
  if (resource !== undefined) return resource;
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
