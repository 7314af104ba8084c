import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The `x-outlast-signature` header of a callback: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (the
 * Stripe scheme: the timestamp inside the signed text stops an old delivery from being replayed later).
 */
export function signCallback(options: { secret: string; body: string; unixSeconds: number }): string {
  const t = Math.floor(options.unixSeconds);
  const v1 = createHmac('sha256', options.secret).update(`${t}.${options.body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** Checks a callback signature as a receiver would: right HMAC, and a timestamp within `toleranceS` of now. */
export function verifyCallbackSignature(options: {
  secret: string;
  header: string | undefined;
  body: string;
  nowUnixSeconds: number;
  toleranceS?: number;
}): boolean {
  if (options.header === undefined) return false;
  const parts = new Map(options.header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isInteger(t) || given === undefined) return false;
  if (Math.abs(options.nowUnixSeconds - t) > (options.toleranceS ?? 300)) return false;
  const expected = signCallback({ secret: options.secret, body: options.body, unixSeconds: t }).slice(
    `t=${t},v1=`.length,
  );
  const left = Buffer.from(given);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}
