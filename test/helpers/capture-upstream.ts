import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the upstream received it. */
export interface CapturedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A scripted upstream that records what it receives and answers a fixed vendor-shaped body. */
export interface CaptureUpstream {
  url: string;
  requests: CapturedRequest[];
  close(): Promise<void>;
}

const anthropicMessage = {
  id: 'msg_capture',
  type: 'message',
  role: 'assistant',
  model: 'captured',
  content: [{ type: 'text', text: 'captured' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 1, output_tokens: 1 },
};

const openaiCompletion = {
  id: 'chatcmpl-capture',
  object: 'chat.completion',
  created: 0,
  model: 'captured',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'captured', refusal: null },
      finish_reason: 'stop',
      logprobs: null,
    },
  ],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
};

const geminiResponse = {
  candidates: [{ content: { role: 'model', parts: [{ text: 'captured' }] }, finishReason: 'STOP', index: 0 }],
  usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1, totalTokenCount: 2 },
  modelVersion: 'captured',
  responseId: 'capture',
};
/** Options of the capture server. */
export interface CaptureOptions {
  /** When set, every request is relayed to this origin (e.g. the simulator) and its answer streamed back. */
  forwardTo?: string | undefined;
}

/** Starts the capture server on 127.0.0.1. */
export async function startCaptureUpstream(options: CaptureOptions = {}): Promise<CaptureUpstream> {
  const requests: CapturedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (options.forwardTo !== undefined) {
        const relay = httpRequest(
          new URL(request.url ?? '/', options.forwardTo),
          { method: request.method, headers: { ...request.headers, host: new URL(options.forwardTo).host } },
          (answer) => {
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(response);
          },
        );
        relay.on('error', () => response.destroy());
        relay.end(Buffer.concat(chunks));
        return;
      }
      const body = request.url?.startsWith('/v1/messages')
        ? anthropicMessage
        : request.url?.includes(':generateContent')
          ? geminiResponse
          : openaiCompletion;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
