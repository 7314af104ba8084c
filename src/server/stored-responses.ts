import type { IncomingMessage, ServerResponse } from 'node:http';
import { OutlastError } from '../errors/outlast-error.ts';
import type { Gateway } from '../gateway.ts';

const prefix = '/v1/responses/';

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * Serves the stored-response paths of the Responses API from the gateway's ledger: `GET /v1/responses/{id}`,
 * `GET /v1/responses/{id}/input_items` and `DELETE /v1/responses/{id}`. Returns false when the path is not one of
 * them; throws OUTLAST_NOT_FOUND (OpenAI-shaped by the caller) for an unknown id.
 * @see https://platform.openai.com/docs/api-reference/responses/get
 */
export function serveStoredResponse(
  gateway: Gateway,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  requestId: string,
  tenant: string,
): boolean {
  if (!path.startsWith(prefix)) return false;
  const rest = path.slice(prefix.length);
  const slash = rest.indexOf('/');
  const id = decode(slash === -1 ? rest : rest.slice(0, slash));
  const sub = slash === -1 ? '' : rest.slice(slash + 1);
  if (id === '' || (sub !== '' && sub !== 'input_items')) return false;
  const missing = () =>
    new OutlastError('OUTLAST_NOT_FOUND', `No response with id '${id}' is stored here.`, { param: 'response_id' });
  let value: unknown;
  if (request.method === 'GET' && sub === '') {
    value = gateway.responses.retrieve(id, tenant);
    if (value === undefined) throw missing();
  } else if (request.method === 'GET') {
    const items = gateway.responses.inputItems(id, tenant);
    if (items === undefined) throw missing();
    const data: Record<string, unknown>[] = items.map((item) => ({ type: 'message', ...item }));
    const ids = data.map((item) => item.id).filter((itemId) => typeof itemId === 'string');
    value = { object: 'list', data, first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null, has_more: false };
  } else if (request.method === 'DELETE' && sub === '') {
    if (!gateway.responses.remove(id, tenant)) throw missing();
    value = { id, object: 'response', deleted: true };
  } else {
    throw new OutlastError('OUTLAST_METHOD_NOT_ALLOWED', `${path} takes GET or DELETE, not ${request.method}.`);
  }
  const body = JSON.stringify(value);
  response.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-outlast-request-id': requestId,
  });
  response.end(body);
  return true;
}
