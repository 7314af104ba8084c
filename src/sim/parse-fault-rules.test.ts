import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFaultRules } from './parse-fault-rules.ts';

describe('parseFaultRules', () => {
  it('accepts one rule and wraps it in a list', () => {
    const parsed = parseFaultRules({ fault: 'error', status: 529, retry_after_s: 5 });
    assert.deepEqual(parsed, { ok: true, rules: [{ fault: 'error', status: 529, retry_after_s: 5 }] });
  });

  it('accepts an array of rules with every field of the spec', () => {
    const parsed = parseFaultRules([
      {
        match: { api: 'anthropic', model: 'claude-sonnet-4-6', path: '/v1/messages' },
        fault: 'error',
        status: 529,
        error_type: 'overloaded_error',
        error_code: 'compaction_unavailable',
        message: 'busy',
        retry_after_s: 5,
        retry_after_ms: 5000,
        delay_ms: 0,
        after_events: 0,
        probability: 1,
        times: 2,
      },
      { fault: 'hang' },
    ]);
    assert.equal(parsed.ok && parsed.rules.length, 2);
  });

  it('rejects an unknown key with its path', () => {
    const parsed = parseFaultRules([{ fault: 'error' }, { fault: 'error', statuss: 500 }]);
    assert.equal(parsed.ok, false);
    assert.ok(!parsed.ok);
    assert.deepEqual(parsed.problems, [{ path: '1.statuss', message: 'Unknown field.' }]);
  });

  it('rejects an unknown fault kind, api and out-of-range values, naming each field', () => {
    const parsed = parseFaultRules({ match: { api: 'cohere' }, fault: 'explode', probability: 2, status: 200 });
    assert.ok(!parsed.ok);
    const paths = parsed.problems.map((problem) => problem.path).sort();
    assert.deepEqual(paths, ['fault', 'match.api', 'probability', 'status']);
  });

  it('rejects something that is not a rule at all', () => {
    assert.deepEqual(parseFaultRules('error').ok, false);
    assert.deepEqual(parseFaultRules(null).ok, false);
  });
});
