import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { dotStuff } from './build-mail-message.ts';

/** How to reach and authenticate to an SMTP server. */
export interface SmtpOptions {
  /** Server host name or address. */
  host: string;
  /** Server port (587 submission, 465 implicit TLS, 25 relay). */
  port: number;
  /** TLS from the first byte (port 465). */
  implicitTls: boolean;
  /** Upgrade with STARTTLS when the server offers it. */
  startTls: boolean;
  /** Fail unless the connection is encrypted (implicit TLS or STARTTLS). */
  requireTls: boolean;
  /** Check the server certificate (turn off only for a private relay with a self-signed certificate). */
  rejectUnauthorized: boolean;
  /** AUTH user; no AUTH when absent. */
  username?: string | undefined;
  /** AUTH password; never logged nor put in an error. */
  password?: string | undefined;
  /** Name sent with EHLO. */
  clientName: string;
  /** Whole-dialogue limit, in ms. */
  timeoutMs: number;
}

/** One envelope and its message. */
export interface SmtpMail {
  /** MAIL FROM address. */
  from: string;
  /** RCPT TO addresses. */
  to: readonly string[];
  /** The RFC 5322 message (headers and body), not yet dot-stuffed. */
  message: string;
}

interface Reply {
  code: number;
  lines: string[];
}

/** Reads CRLF-terminated SMTP replies from a socket, multi-line ("250-...") ones joined. */
function createReplyReader(socket: Socket | TLSSocket) {
  let buffered = '';
  let lines: string[] = [];
  const replies: Reply[] = [];
  let waiting: { resolve: (reply: Reply) => void; reject: (error: Error) => void } | undefined;
  let failure: Error | undefined;
  const onData = (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let end = buffered.indexOf('\n');
    while (end !== -1) {
      const line = buffered.slice(0, end).replace(/\r$/, '');
      buffered = buffered.slice(end + 1);
      lines.push(line.slice(4));
      if (line.charAt(3) !== '-') {
        replies.push({ code: Number(line.slice(0, 3)), lines });
        lines = [];
      }
      end = buffered.indexOf('\n');
    }
    if (waiting !== undefined && replies.length > 0) {
      const next = waiting;
      waiting = undefined;
      next.resolve(replies.shift()!);
    }
  };
  const onEnd = (error?: Error) => {
    failure = error ?? new Error('the SMTP server closed the connection');
    waiting?.reject(failure);
    waiting = undefined;
  };
  const onClose = () => onEnd();
  socket.on('data', onData);
  socket.on('error', onEnd);
  socket.on('close', onClose);
  return {
    next(): Promise<Reply> {
      const ready = replies.shift();
      if (ready !== undefined) return Promise.resolve(ready);
      if (failure !== undefined) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
    detach() {
      socket.off('data', onData);
      socket.off('error', onEnd);
      socket.off('close', onClose);
    },
  };
}

/** SNI carries host names only (RFC 6066), never an address. */
function serverName(host: string): { servername?: string } {
  return isIP(host) === 0 ? { servername: host } : {};
}

function open(options: SmtpOptions): Promise<Socket | TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = options.implicitTls
      ? connectTls(
          {
            host: options.host,
            port: options.port,
            ...serverName(options.host),
            rejectUnauthorized: options.rejectUnauthorized,
          },
          () => resolve(socket),
        )
      : connectTcp({ host: options.host, port: options.port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function upgrade(socket: Socket, options: SmtpOptions): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = connectTls(
      { socket, ...serverName(options.host), rejectUnauthorized: options.rejectUnauthorized },
      () => resolve(secure),
    );
    secure.once('error', reject);
  });
}

/**
 * Sends one mail over SMTP (RFC 5321): greeting, EHLO, STARTTLS when offered and enabled, AUTH PLAIN or LOGIN when
 * a username is set, MAIL FROM, RCPT TO, DATA (dot-stuffed), QUIT. Any reply outside 2xx/3xx ends it with an error
 * naming the step and the server's reply (never the password).
 * @see https://www.rfc-editor.org/rfc/rfc5321
 */
export async function sendSmtpMail(options: SmtpOptions, mail: SmtpMail): Promise<void> {
  let socket = await open(options);
  socket.setTimeout(options.timeoutMs, () =>
    socket.destroy(new Error(`no SMTP answer within ${options.timeoutMs} ms`)),
  );
  let reader = createReplyReader(socket);
  const expect = async (step: string, accepted: (code: number) => boolean): Promise<Reply> => {
    const reply = await reader.next();
    if (!accepted(reply.code) || reply.code >= 400) {
      throw new Error(`SMTP ${step} refused: ${reply.code} ${reply.lines.join(' ').slice(0, 200)}`);
    }
    return reply;
  };
  const command = (line: string) => socket.write(`${line}\r\n`);
  const ok = (code: number) => code >= 200 && code < 400;
  try {
    await expect('greeting', (code) => code === 220);
    command(`EHLO ${options.clientName}`);
    let extensions = (await expect('EHLO', ok)).lines.map((line) => line.toUpperCase());
    let encrypted = options.implicitTls;
    if (!encrypted && options.startTls && extensions.includes('STARTTLS')) {
      command('STARTTLS');
      await expect('STARTTLS', (code) => code === 220);
      reader.detach();
      socket = await upgrade(socket as Socket, options);
      socket.setTimeout(options.timeoutMs, () =>
        socket.destroy(new Error(`no SMTP answer within ${options.timeoutMs} ms`)),
      );
      reader = createReplyReader(socket);
      encrypted = true;
      command(`EHLO ${options.clientName}`);
      extensions = (await expect('EHLO', ok)).lines.map((line) => line.toUpperCase());
    }
    if (options.requireTls && !encrypted) throw new Error('SMTP server does not offer STARTTLS and require_tls is on');
    if (options.username !== undefined) {
      const mechanisms =
        extensions
          .find((line) => line.startsWith('AUTH'))
          ?.split(/[ =]/)
          .slice(1) ?? [];
      const password = options.password ?? '';
      if (mechanisms.includes('PLAIN') || !mechanisms.includes('LOGIN')) {
        command(`AUTH PLAIN ${Buffer.from(`\u0000${options.username}\u0000${password}`).toString('base64')}`);
        await expect('AUTH PLAIN', (code) => code === 235);
      } else {
        command('AUTH LOGIN');
        await expect('AUTH LOGIN', (code) => code === 334);
        command(Buffer.from(options.username).toString('base64'));
        await expect('AUTH LOGIN user', (code) => code === 334);
        command(Buffer.from(password).toString('base64'));
        await expect('AUTH LOGIN password', (code) => code === 235);
      }
    }
    command(`MAIL FROM:<${mail.from}>`);
    await expect('MAIL FROM', ok);
    for (const recipient of mail.to) {
      command(`RCPT TO:<${recipient}>`);
      await expect(`RCPT TO <${recipient}>`, ok);
    }
    command('DATA');
    await expect('DATA', (code) => code === 354);
    socket.write(`${dotStuff(mail.message)}\r\n.\r\n`);
    await expect('message', ok);
    command('QUIT');
    await reader.next().catch(() => undefined);
  } finally {
    reader.detach();
    socket.destroy();
  }
}
