import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CapturedRequest } from './capture-upstream.ts';

/** A forwarded request and the status the upstream answered it with (once it has answered). */
export interface ProxiedRequest extends CapturedRequest {
  /** Upstream status; undefined while waiting or when the upstream failed. */
  status?: number;
}

/** A loopback proxy that records every request it forwards to a real upstream (e.g. the simulator). */
export interface RecordingProxy {
  /** Base URL to configure as the provider's `base_url` (append `/v1` for OpenAI providers). */
  url: string;
  /** The requests as the upstream received them, in arrival order. */
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * Starts a recording proxy in front of `upstreamUrl` on 127.0.0.1. Bodies are forwarded as received and answers
 * streamed back as they come, so streaming (SSE) and faults of the upstream behave as without the proxy.
 */
export async function startRecordingProxy(upstreamUrl: string): Promise<RecordingProxy> {
  const upstream = new URL(upstreamUrl);
  const requests: ProxiedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const recorded: ProxiedRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: body.toString('utf8'),
      };
      requests.push(recorded);
      const forwarded = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: request.method,
          path: request.url,
          headers: { ...request.headers, host: upstream.host },
        },
        (answer) => {
          if (answer.statusCode !== undefined) recorded.status = answer.statusCode;
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
          answer.on('error', () => response.destroy());
        },
      );
      forwarded.on('error', () => response.destroy());
      response.on('close', () => forwarded.destroy());
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
