import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

/** One message the server accepted. */
export interface ReceivedMail {
  /** MAIL FROM address. */
  from: string;
  /** RCPT TO addresses. */
  to: string[];
  /** The DATA as received, dot-stuffing undone, CRLF kept, final "." removed. */
  data: string;
  /** AUTH credentials decoded, when the client authenticated. */
  auth?: { username: string; password: string; mechanism: string };
  /** True when the message came over a connection upgraded with STARTTLS. */
  encrypted: boolean;
}

/** A small SMTP server on loopback (RFC 5321 subset: EHLO/HELO, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, RSET, QUIT). */
export interface SmtpServer {
  /** Bound port. */
  port: number;
  /** Messages accepted, in order. */
  messages: ReceivedMail[];
  /** Every command line received (AUTH lines included, as sent). */
  commands: string[];
  /** Stops it. */
  close(): Promise<void>;
}

/**
 * Starts the server; `authMechanisms` are advertised (none: no AUTH), `rejectRecipient` gets a 550, `tls` (a key and
 * certificate in PEM) makes it offer STARTTLS.
 */
export async function startSmtpServer(
  options: { authMechanisms?: string[]; rejectRecipient?: string; tls?: { key: string; cert: string } } = {},
): Promise<SmtpServer> {
  const messages: ReceivedMail[] = [];
  const commands: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffered = '';
    let stream: Socket | TLSSocket = socket;
    let encrypted = false;
    let mode: 'command' | 'data' | 'login-user' | 'login-password' = 'command';
    let current: ReceivedMail = { from: '', to: [], data: '', encrypted };
    let dataLines: string[] = [];
    let loginUser = '';
    let auth: ReceivedMail['auth'];
    const reply = (line: string) => stream.write(`${line}\r\n`);
    reply('220 test.local ESMTP ready');
    const handle = (line: string) => {
      if (mode === 'data') {
        if (line === '.') {
          current.data = dataLines.join('\r\n');
          current.encrypted = encrypted;
          if (auth !== undefined) current.auth = auth;
          messages.push(current);
          current = { from: '', to: [], data: '', encrypted };
          mode = 'command';
          reply('250 2.0.0 queued');
        } else {
          dataLines.push(line.startsWith('.') ? line.slice(1) : line);
        }
        return;
      }
      commands.push(line);
      if (mode === 'login-user') {
        loginUser = Buffer.from(line, 'base64').toString('utf8');
        mode = 'login-password';
        reply('334 UGFzc3dvcmQ6');
        return;
      }
      if (mode === 'login-password') {
        auth = { username: loginUser, password: Buffer.from(line, 'base64').toString('utf8'), mechanism: 'LOGIN' };
        mode = 'command';
        reply('235 2.7.0 authenticated');
        return;
      }
      const verb = line.split(' ')[0]?.toUpperCase() ?? '';
      if (verb === 'EHLO') {
        const extensions = ['test.local', 'PIPELINING', '8BITMIME'];
        if (options.tls !== undefined && !encrypted) extensions.push('STARTTLS');
        if (options.authMechanisms !== undefined) extensions.push(`AUTH ${options.authMechanisms.join(' ')}`);
        for (const [index, extension] of extensions.entries()) {
          reply(`250${index === extensions.length - 1 ? ' ' : '-'}${extension}`);
        }
      } else if (verb === 'STARTTLS' && options.tls !== undefined && !encrypted) {
        reply('220 2.0.0 ready to start TLS');
        socket.off('data', onData);
        stream = new TLSSocket(socket, { isServer: true, key: options.tls.key, cert: options.tls.cert });
        stream.on('data', onData);
        stream.on('error', () => {});
        encrypted = true;
        buffered = '';
      } else if (verb === 'HELO') {
        reply('250 test.local');
      } else if (verb === 'AUTH') {
        const [, mechanism, initial] = line.split(' ');
        if (mechanism === 'PLAIN' && initial !== undefined) {
          const [, username = '', password = ''] = Buffer.from(initial, 'base64').toString('utf8').split('\u0000');
          auth = { username, password, mechanism: 'PLAIN' };
          reply('235 2.7.0 authenticated');
        } else if (mechanism === 'LOGIN') {
          mode = 'login-user';
          reply('334 VXNlcm5hbWU6');
        } else {
          reply('504 5.5.4 mechanism not supported');
        }
      } else if (verb === 'MAIL') {
        current.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
        reply('250 2.1.0 ok');
      } else if (verb === 'RCPT') {
        const address = /<([^>]*)>/.exec(line)?.[1] ?? '';
        if (address === options.rejectRecipient) {
          reply('550 5.1.1 no such user');
        } else {
          current.to.push(address);
          reply('250 2.1.5 ok');
        }
      } else if (verb === 'DATA') {
        mode = 'data';
        dataLines = [];
        reply('354 end with <CRLF>.<CRLF>');
      } else if (verb === 'RSET') {
        current = { from: '', to: [], data: '', encrypted };
        reply('250 ok');
      } else if (verb === 'QUIT') {
        reply('221 bye');
        stream.end();
      } else {
        reply('502 5.5.2 command not recognized');
      }
    };
    function onData(chunk: Buffer): void {
      buffered += chunk.toString('utf8');
      let end = buffered.indexOf('\r\n');
      while (end !== -1) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        handle(line);
        end = buffered.indexOf('\r\n');
      }
    }
    socket.on('data', onData);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    messages,
    commands,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
