import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type SmtpServer, startSmtpServer } from '../../test/helpers/start-smtp-server.ts';
import { type SmtpOptions, sendSmtpMail } from './send-smtp-mail.ts';

/** A throwaway self-signed certificate for 127.0.0.1, made with the openssl CLI (undefined when it is missing). */
function selfSignedCertificate(): { key: string; cert: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'outlast-smtp-tls-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1']
        .concat(['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'])
        .concat(['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]),
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const certificate = selfSignedCertificate();
let plain: SmtpServer;
let login: SmtpServer;
let secure: SmtpServer | undefined;
before(async () => {
  plain = await startSmtpServer({ authMechanisms: ['PLAIN', 'LOGIN'], rejectRecipient: 'nobody@example.com' });
  login = await startSmtpServer({ authMechanisms: ['LOGIN'] });
  if (certificate !== undefined) secure = await startSmtpServer({ authMechanisms: ['PLAIN'], tls: certificate });
});
after(async () => {
  await plain.close();
  await login.close();
  await secure?.close();
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

const noOpenssl = certificate === undefined ? 'the openssl CLI is needed to make a test certificate' : false;

test('upgrades with STARTTLS when offered, says EHLO again, then authenticates over TLS', {
  skip: noOpenssl,
}, async () => {
  assert.ok(secure);
  await sendSmtpMail(
    options(secure.port, { username: 'ops', password: 'tls-pass', rejectUnauthorized: false, requireTls: true }),
    {
      from: 'outlast@example.com',
      to: ['a@example.com'],
      message,
    },
  );
  const mail = secure.messages.at(-1);
  assert.equal(mail?.encrypted, true);
  assert.equal(mail?.data, message);
  assert.deepEqual(mail?.auth, { username: 'ops', password: 'tls-pass', mechanism: 'PLAIN' });
  assert.deepEqual(
    secure.commands.filter((command) => command.startsWith('EHLO') || command === 'STARTTLS'),
    ['EHLO outlast', 'STARTTLS', 'EHLO outlast'],
  );
});

test('an untrusted certificate stops the dialogue before AUTH when the certificate is checked', {
  skip: noOpenssl,
}, async () => {
  assert.ok(secure);
  const before = secure.messages.length;
  const commandsBefore = secure.commands.length;
  await assert.rejects(
    sendSmtpMail(options(secure.port, { username: 'ops', password: 'never-sent' }), {
      from: 'outlast@example.com',
      to: ['a@example.com'],
      message,
    }),
    /self-signed|certificate/i,
  );
  assert.equal(secure.messages.length, before);
  assert.deepEqual(secure.commands.slice(commandsBefore), ['EHLO outlast', 'STARTTLS']);
});
