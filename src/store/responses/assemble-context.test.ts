import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assembleContext, type ContextLink } from './assemble-context.ts';

const say = (text: string) => ({ role: 'user', content: text });
const answer = (text: string) => ({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });

function turn(previousId: string | undefined, input: string, output: string): ContextLink {
  return { previousId, wholeContext: undefined, turnContext: [say(input)], output: [answer(output)] };
}

test('a chain of turns becomes every turn and its answer, oldest first', () => {
  const links = new Map<string, ContextLink>([
    ['r1', turn(undefined, 'one', 'first')],
    ['r2', turn('r1', 'two', 'second')],
  ]);
  const context = assembleContext(turn('r2', 'three', 'third'), (id) => links.get(id));
  assert.deepEqual(context, [say('one'), answer('first'), say('two'), answer('second'), say('three'), answer('third')]);
});

test('a turn that holds its whole context ends the walk and stands for everything before it', () => {
  const whole: ContextLink = { ...turn('gone', 'two', 'second'), wholeContext: [say('one'), answer('first')] };
  let lookups = 0;
  const context = assembleContext(turn('r2', 'three', 'third'), (id) => {
    lookups += 1;
    return id === 'r2' ? whole : undefined;
  });
  assert.equal(lookups, 1);
  assert.deepEqual(context, [say('one'), answer('first'), say('three'), answer('third')]);
});

test('a missing link breaks the context rather than leaving a hole in it', () => {
  assert.equal(
    assembleContext(turn('missing', 'two', 'second'), () => undefined),
    undefined,
  );
});

test('a chain that loops back on itself is treated as broken', () => {
  const loop = turn('r1', 'again', 'again');
  assert.equal(
    assembleContext(loop, () => loop),
    undefined,
  );
});
