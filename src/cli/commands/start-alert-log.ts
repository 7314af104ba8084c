import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An in-process webhook receiver that prints one line per alert (the demo's "pager"). */
export interface AlertLog {
  /** Where the webhook channel posts. */
  url: string;
  /** Stops it. */
  close(): Promise<void>;
}

/** Starts the receiver on 127.0.0.1; each signed webhook body becomes `>>> alert: incident.opened anthropic ...`. */
export async function startAlertLog(print: (line: string) => void): Promise<AlertLog> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          type?: string;
          incident?: { provider?: string; model?: string; severity?: string; id?: string };
        };
        const incident = body.incident ?? {};
        const scope = incident.model === undefined ? incident.provider : `${incident.provider}/${incident.model}`;
        print(`>>> alert (webhook): ${body.type} ${scope} ${incident.severity ?? ''} (${incident.id})`);
        response.writeHead(204).end();
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
