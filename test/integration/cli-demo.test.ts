import assert from 'node:assert/strict';
import { test } from 'node:test';
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
