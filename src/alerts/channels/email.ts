import { z } from 'zod';
import type { IncidentEvent } from '../../core/monitoring.ts';
import { buildMailMessage } from '../build-mail-message.ts';
import { describeIncidentEvent } from '../describe-incident-event.ts';
import { sendSmtpMail } from '../send-smtp-mail.ts';
import { channelFields } from './channel-fields.ts';

const address = z.email({ error: 'must be an email address' });

/** Settings of an email channel (SMTP). */
export const emailChannelSchema = z
  .strictObject({
    type: z.literal('email').describe('Email over SMTP.'),
    ...channelFields,
    host: z.string().min(1).describe('SMTP server host.'),
    port: z
      .int()
      .min(1)
      .max(65_535)
      .default(587)
      .describe('SMTP server port: 587 (submission), 465 (implicit TLS), 25.'),
    implicit_tls: z.boolean().default(false).describe('TLS from the first byte (port 465) instead of STARTTLS.'),
    starttls: z.boolean().default(true).describe('Upgrade the connection with STARTTLS when the server offers it.'),
    require_tls: z.boolean().default(false).describe('Refuse to send over an unencrypted connection.'),
    tls_reject_unauthorized: z
      .boolean()
      .default(true)
      .describe('Check the server certificate; turn off only for a private relay with a self-signed certificate.'),
    username: z.string().min(1).optional().describe('SMTP AUTH user (PLAIN or LOGIN); no AUTH when absent.'),
    password: z
      .string()
      .optional()
      .describe('SMTP AUTH password; a secret, usually an environment variable reference.'),
    from: address.describe('Sender address (MAIL FROM and From:).'),
    to: z.array(address).min(1).describe('Recipient addresses.'),
    client_name: z.string().min(1).default('outlast').describe('Name given in EHLO.'),
  })
  .describe('Email through an SMTP server.');

export type EmailChannel = z.output<typeof emailChannelSchema>;

/** The RFC 5322 message for an event (pure): subject "[Outlast] <title>", plain-text body. */
export function renderEmailMessage(event: IncidentEvent, channel: Pick<EmailChannel, 'from' | 'to'>): string {
  const text = describeIncidentEvent(event);
  return buildMailMessage({
    from: channel.from,
    to: channel.to,
    subject: `[Outlast] ${text.title}`,
    text: `${text.title}\n\n${text.body}\n`,
    at: event.at,
    messageId: `${event.id.replace(/[^A-Za-z0-9._-]/g, '.')}@outlast`,
  });
}

/** Sends the mail through the SMTP server. */
export async function sendEmailAlert(
  channel: EmailChannel,
  event: IncidentEvent,
  deps: { timeoutMs: number },
): Promise<void> {
  await sendSmtpMail(
    {
      host: channel.host,
      port: channel.port,
      implicitTls: channel.implicit_tls,
      startTls: channel.starttls,
      requireTls: channel.require_tls,
      rejectUnauthorized: channel.tls_reject_unauthorized,
      username: channel.username,
      password: channel.password,
      clientName: channel.client_name,
      timeoutMs: deps.timeoutMs,
    },
    { from: channel.from, to: channel.to, message: renderEmailMessage(event, channel) },
  );
}
