import assert from 'node:assert/strict';
import { test } from 'node:test';
import { customToolInput, customToolNames } from './custom-tool-names.ts';

test('finds the custom tools of a request and nothing else', () => {
  const names = customToolNames({
    tools: [
      { type: 'function', name: 'exec_command' },
      { type: 'custom', name: 'apply_patch' },
      { type: 'web_search' },
      null,
    ],
  });
  assert.deepEqual([...names], ['apply_patch']);
  assert.equal(customToolNames({}).size, 0);
  assert.equal(customToolNames({ tools: 'nope' }).size, 0);
});

test('takes the raw input out of the function arguments another API produced', () => {
  assert.equal(customToolInput('{"input":"*** Begin Patch\\n"}'), '*** Begin Patch\n');
  assert.equal(customToolInput(''), '');
  // Arguments that are not the expected shape are handed over as they are rather than lost.
  assert.equal(customToolInput('{"patch":"x"}'), '{"patch":"x"}');
  assert.equal(customToolInput('not json'), 'not json');
});
