/** One way of reaching the mock: directly, or through a proxy or gateway under test. */
export type ArmName =
  | 'direct'
  | 'null-proxy'
  | 'outlast'
  | 'portkey'
  | 'direct-anthropic'
  | 'outlast-anthropic'
  | 'outlast-a2o'
  | 'outlast-o2a';

export type Arm = {
  name: ArmName;
  /** http://127.0.0.1:<port> the clients talk to. */
  origin: string;
  /** Process whose CPU and memory are measured; for `direct` this is the mock itself. */
  pid: number | undefined;
  /** What `pid` is, for the report ("mock", "null proxy", ...). */
  pidLabel: string;
  /** The OpenAI `model` the client sends through this arm. */
  model: string;
  /** The client's wire format (default `openai`): an Anthropic client posts to `/v1/messages`. */
  clientFormat?: 'openai' | 'anthropic' | undefined;
  /** The direct arm to the same mock endpoint, for `added` (default `direct`). */
  baseline?: ArmName | undefined;
  /** For a translated arm: the Outlast pass-through arm to the same mock endpoint, for `translation cost`. */
  passThrough?: ArmName | undefined;
  /** Extra request headers this arm needs (Portkey's routing headers). */
  headers: Record<string, string>;
  /** Version string for the report. */
  version: string;
  /** How it was started (command line), for the report. */
  command: string;
  /** The last lines of its log, as evidence when it fails. */
  evidence(): string;
  isAlive(): boolean;
  stop(): Promise<void>;
};

/**
 * The environment every arm under test runs with: NODE_ENV=production and, when given, extra
 * NODE_OPTIONS (e.g. `--max-semi-space-size=8`), the same for every Node arm.
 */
export function armEnvironment(nodeOptions: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  if (nodeOptions !== undefined && nodeOptions !== '') {
    env.NODE_OPTIONS = [process.env.NODE_OPTIONS, nodeOptions].filter(Boolean).join(' ');
  }
  return env;
}

/** An arm that could not be started: reported as "did not serve" with the evidence. */
export class ArmUnavailableError extends Error {
  readonly evidence: string;
  constructor(message: string, evidence: string) {
    super(message);
    this.name = 'ArmUnavailableError';
    this.evidence = evidence;
  }
}
