import type { GatewayAnswer } from '../../core/gateway-request.ts';

/**
 * The answer to `streamGenerateContent` without `alt=sse`, where Google streams a JSON array of responses: Outlast
 * generates the answer whole and sends it as a one-element array, which every reader of that array accepts. Error
 * bodies stay as they are (Google sends them unwrapped too).
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export function toJsonArrayAnswer(answer: GatewayAnswer): GatewayAnswer {
  if (answer.status >= 400 || !Buffer.isBuffer(answer.body)) return answer;
  return { ...answer, body: Buffer.concat([Buffer.from('['), answer.body, Buffer.from(']')]) };
}
