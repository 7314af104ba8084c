import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFaultList, type FaultTarget } from './fault-list.ts';

const messages: FaultTarget = { api: 'anthropic', path: '/v1/messages', model: 'claude-sonnet-4-6' };
const chat: FaultTarget = { api: 'openai', path: '/v1/chat/completions', model: 'gpt-5' };

describe('createFaultList', () => {
  it('applies nothing when there is no rule', () => {
    assert.equal(createFaultList().pick(messages), undefined);
  });

  it('matches on api, exact model, model prefix and path', () => {
    const faults = createFaultList();
    faults.add([
      { match: { api: 'openai' }, fault: 'hang' },
      { match: { model: 'claude-*', path: '/v1/messages' }, fault: 'reset' },
    ]);
    assert.equal(faults.pick(chat)?.fault, 'hang');
    assert.equal(faults.pick(messages)?.fault, 'reset');
    assert.equal(faults.pick({ ...messages, path: '/v1/messages/count_tokens' }), undefined);
    assert.equal(faults.pick({ ...messages, model: undefined }), undefined);
  });

  it('applies the first matching rule in order', () => {
    const faults = createFaultList();
    faults.add([{ fault: 'latency' }, { fault: 'error' }]);
    assert.equal(faults.pick(messages)?.fault, 'latency');
  });

  it('skips a rule whose probability draw fails and takes the next one', () => {
    const draws = [0.7, 0.2];
    const faults = createFaultList(() => draws.shift() ?? 0);
    faults.add([{ fault: 'error', probability: 0.5 }, { fault: 'slow' }]);
    assert.equal(faults.pick(messages)?.fault, 'slow');
    assert.equal(faults.pick(messages)?.fault, 'error');
  });

  it('never draws for a rule of probability 1 and never applies one of probability 0', () => {
    const faults = createFaultList(() => assert.fail('no draw expected'));
    faults.add([{ fault: 'error', probability: 1 }]);
    assert.equal(faults.pick(messages)?.fault, 'error');
    const never = createFaultList(() => 0);
    never.add([{ fault: 'error', probability: 0 }]);
    assert.equal(never.pick(messages), undefined);
  });

  it('spends a rule after its times and removes it from the list', () => {
    const faults = createFaultList();
    faults.add([{ fault: 'error', times: 2 }]);
    assert.equal(faults.pick(messages)?.fault, 'error');
    assert.equal(faults.list().length, 1);
    assert.equal(faults.pick(messages)?.fault, 'error');
    assert.equal(faults.pick(messages), undefined);
    assert.deepEqual(faults.list(), []);
  });

  it('appends on add and empties on clear', () => {
    const faults = createFaultList();
    faults.add([{ fault: 'error' }]);
    faults.add([{ fault: 'hang' }]);
    assert.deepEqual(
      faults.list().map((rule) => rule.fault),
      ['error', 'hang'],
    );
    faults.clear();
    assert.deepEqual(faults.list(), []);
  });
});
