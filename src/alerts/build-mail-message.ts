/** An email to send. */
export interface MailMessage {
  /** Envelope and header sender. */
  from: string;
  /** Recipients. */
  to: readonly string[];
  /** Subject (any Unicode). */
  subject: string;
  /** Plain-text body (any Unicode, any line endings). */
  text: string;
  /** Date header time. */
  at: number;
  /** Message-ID without the angle brackets, e.g. `inc_1.opened.1@outlast`. */
  messageId: string;
}

function isAscii(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) if (text.charCodeAt(index) > 126) return false;
  return true;
}

/** RFC 2047 encoded-word for a non-ASCII header value. */
function encodeHeader(value: string): string {
  const flat = value.replace(/[\r\n]+/g, ' ');
  return isAscii(flat) ? flat : `=?UTF-8?B?${Buffer.from(flat, 'utf8').toString('base64')}?=`;
}

/** Splits base64 into 76-character lines (RFC 2045). */
function wrapBase64(text: string): string {
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  const lines: string[] = [];
  for (let index = 0; index < encoded.length; index += 76) lines.push(encoded.slice(index, index + 76));
  return lines.join('\r\n');
}

/**
 * SMTP transparency (RFC 5321 4.5.2): every line that starts with "." gets one more; line endings become CRLF.
 * The result is what goes between DATA and the final "\r\n.\r\n".
 */
export function dotStuff(message: string): string {
  return message
    .replace(/\r?\n/g, '\r\n')
    .split('\r\n')
    .map((line) => (line.startsWith('.') ? `.${line}` : line))
    .join('\r\n');
}

/** Renders headers and body as an RFC 5322 message (CRLF line endings; not yet dot-stuffed). */
export function buildMailMessage(message: MailMessage): string {
  const ascii = isAscii(message.text);
  const headers = [
    `From: ${message.from}`,
    `To: ${message.to.join(', ')}`,
    `Subject: ${encodeHeader(message.subject)}`,
    `Date: ${new Date(message.at).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${message.messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Transfer-Encoding: ${ascii ? '7bit' : 'base64'}`,
  ];
  const body = ascii ? message.text.replace(/\r?\n/g, '\r\n') : wrapBase64(message.text);
  return `${headers.join('\r\n')}\r\n\r\n${body}`;
}
