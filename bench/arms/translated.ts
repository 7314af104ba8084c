import type { Arm } from './arm.ts';

/**
 * The arms that measure the cost of translation (S1, S5), as views of the running direct and Outlast arms (no
 * process of their own): an Anthropic client straight to the mock's Anthropic endpoint and through Outlast
 * pass-through, an Anthropic client through Outlast to the OpenAI endpoint (a2o), and an OpenAI client through
 * Outlast to the Anthropic endpoint (o2a). Each translated arm names its baseline and its pass-through twin.
 */
export function createTranslatedArms(direct: Arm, outlast: Arm): Arm[] {
  const view = (arm: Arm, patch: Partial<Arm> & Pick<Arm, 'name' | 'model'>): Arm => ({
    ...arm,
    headers: {},
    stop: async () => {},
    ...patch,
  });
  return [
    view(direct, {
      name: 'direct-anthropic',
      model: 'bench-claude-model',
      clientFormat: 'anthropic',
      baseline: 'direct-anthropic',
    }),
    view(outlast, {
      name: 'outlast-anthropic',
      model: 'bench-claude',
      clientFormat: 'anthropic',
      baseline: 'direct-anthropic',
    }),
    view(outlast, { name: 'outlast-a2o', model: 'bench', clientFormat: 'anthropic', passThrough: 'outlast' }),
    view(outlast, {
      name: 'outlast-o2a',
      model: 'bench-claude',
      clientFormat: 'openai',
      baseline: 'direct-anthropic',
      passThrough: 'outlast-anthropic',
    }),
  ];
}
