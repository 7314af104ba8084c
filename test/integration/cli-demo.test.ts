import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { run as demo } from '../../src/cli/commands/demo.ts';

test('the demo fails over from Anthropic to OpenAI during the scripted outage with no errors seen by clients', async () => {
  const lines: string[] = [];
  const code = await demo(
    ['--port', '0', '--rate', '20', '--outage-after', '1.5', '--outage-for', '2', '--duration', '5.5'],
    {
      stdout: (text) => lines.push(text),
      stderr: (text) => lines.push(text),
      env: {},
      cwd: process.cwd(),
      signal: new AbortController().signal,
    },
  );
  assert.equal(code, 0);
  const output = lines.join('\n');
  assert.match(output, />>> outage/);
  const summaries = lines.filter((line) => line.startsWith('t='));
  assert.ok(summaries.length >= 3, output);
  assert.ok(
    summaries.some((line) => /primary DOWN/.test(line) && /openai \d+/.test(line)),
    output,
  );
  assert.ok(
    summaries.some((line) => /primary up/.test(line) && /anthropic \d+/.test(line)),
    output,
  );
  for (const line of summaries) assert.match(line, /errors 0/, line);
});

test('the demo prints the dashboard and its key, and its outage opens an incident, pages once and resolves', async () => {
  const lines: string[] = [];
  const checks: Promise<void>[] = [];
  const controller = new AbortController();
  const stopWhenResolved = setInterval(() => {
    if (lines.some((line) => /alert \(webhook\): incident\.resolved anthropic /.test(line))) controller.abort();
  }, 200);
  const code = await demo(
    ['--port', '0', '--rate', '10', '--outage-after', '2', '--outage-for', '4', '--duration', '40'],
    {
      stdout: (text) => {
        lines.push(text);
        const shown = /^dashboard: (http:\/\/\S+)\/ {2}\(admin key: (\S+)\)/.exec(text);
        if (shown !== null) {
          const [, url, key] = shown;
          checks.push(
            (async () => {
              const refused = await request(`${url}/`);
              assert.equal(refused.statusCode, 401);
              await refused.body.dump();
              const page = await request(`${url}/`, { headers: { authorization: `Bearer ${key}` } });
              assert.equal(page.statusCode, 200);
              assert.match(await page.body.text(), /Outlast dashboard/);
              const status = await request(`${url}/status.json`);
              assert.equal(status.statusCode, 200);
              assert.ok(!(await status.body.text()).includes(key!), 'the public summary never shows the key');
            })(),
          );
        }
      },
      stderr: (text) => lines.push(text),
      env: {},
      cwd: process.cwd(),
      signal: controller.signal,
    },
  );
  clearInterval(stopWhenResolved);
  await Promise.all(checks);
  assert.equal(code, 0);
  assert.equal(checks.length, 1, 'the dashboard URL and key are printed');
  const output = lines.join('\n');
  const opened = lines.filter((line) => /alert \(webhook\): incident\.opened anthropic /.test(line));
  assert.equal(opened.length, 1, output);
  assert.ok(
    lines.some((line) => /alert \(webhook\): incident\.resolved anthropic /.test(line)),
    output,
  );
  for (const line of lines.filter((entry) => entry.startsWith('t='))) assert.match(line, /errors 0/, line);
});
