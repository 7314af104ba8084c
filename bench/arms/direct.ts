import type { Arm } from './arm.ts';

/** Straight to the mock: the baseline every `added` figure is taken against. */
export function createDirectArm(options: { mockOrigin: string; mockPid: number | undefined }): Arm {
  return {
    name: 'direct',
    origin: options.mockOrigin,
    pid: options.mockPid,
    pidLabel: 'mock',
    model: 'bench-model',
    headers: {},
    version: 'bench/mock-upstream.ts',
    command: '(no proxy)',
    evidence: () => '',
    isAlive: () => true,
    stop: async () => {},
  };
}
