import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type SmtpServer, startSmtpServer } from '../../test/helpers/start-smtp-server.ts';
import { type SmtpOptions, sendSmtpMail } from './send-smtp-mail.ts';

let plain: SmtpServer;
let login: SmtpServer;
before(async () => {
  plain = await startSmtpServer({ authMechanisms: ['PLAIN', 'LOGIN'], rejectRecipient: 'nobody@example.com' });
  login = await startSmtpServer({ authMechanisms: ['LOGIN'] });
});
after(async () => {
  await plain.close();
  await login.close();
});

function options(port: number, overrides: Partial<SmtpOptions> = {}): SmtpOptions {
  return {
    host: '127.0.0.1',
    port,
    implicitTls: false,
    startTls: true,
    requireTls: false,
    rejectUnauthorized: true,
    clientName: 'outlast',
    timeoutMs: 5000,
    ...overrides,
  };
}

const message = 'Subject: test\r\n\r\nline one\r\n.starts with a dot\r\n.\r\nend';

test('sends a mail with AUTH PLAIN, and the server reads the original lines back after dot-stuffing', async () => {
  await sendSmtpMail(options(plain.port, { username: 'ops', password: 's3cret-pass' }), {
    from: 'outlast@example.com',
    to: ['a@example.com', 'b@example.com'],
    message,
  });
  const mail = plain.messages.at(-1);
  assert.equal(mail?.from, 'outlast@example.com');
  assert.deepEqual(mail?.to, ['a@example.com', 'b@example.com']);
  assert.equal(mail?.data, message);
  assert.deepEqual(mail?.auth, { username: 'ops', password: 's3cret-pass', mechanism: 'PLAIN' });
  assert.ok(plain.commands.includes('EHLO outlast'));
  assert.equal(plain.commands.at(-1), 'QUIT');
});

test('falls back to AUTH LOGIN when PLAIN is not offered', async () => {
  await sendSmtpMail(options(login.port, { username: 'ops', password: 'pw-login' }), {
    from: 'outlast@example.com',
    to: ['a@example.com'],
    message,
  });
  assert.deepEqual(login.messages.at(-1)?.auth, { username: 'ops', password: 'pw-login', mechanism: 'LOGIN' });
});

test('a refused recipient is an error naming the step and the reply, never the password', async () => {
  await assert.rejects(
    sendSmtpMail(options(plain.port, { username: 'ops', password: 'hunter2-secret' }), {
      from: 'outlast@example.com',
      to: ['nobody@example.com'],
      message,
    }),
    (error: Error) => {
      assert.match(error.message, /RCPT TO <nobody@example.com> refused: 550/);
      assert.equal(error.message.includes('hunter2'), false);
      return true;
    },
  );
});

test('require_tls refuses to send when the server offers no STARTTLS', async () => {
  const before = plain.messages.length;
  await assert.rejects(
    sendSmtpMail(options(plain.port, { requireTls: true }), { from: 'a@example.com', to: ['b@example.com'], message }),
    /does not offer STARTTLS/,
  );
  assert.equal(plain.messages.length, before);
});
