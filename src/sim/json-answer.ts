import type { RenderedAnswer } from './rendered-answer.ts';
import { createResponseTemplate } from './response-template.ts';

/** A rendered JSON body (not a stream) ready to cache and send. */
export function jsonAnswer(model: string | undefined, body: string, outputTokens: number): RenderedAnswer {
  return {
    model,
    stream: false,
    contentType: 'application/json',
    template: createResponseTemplate([Buffer.from(body, 'utf8')]),
    firstContent: -1,
    lastContent: -1,
    outputTokens,
  };
}
