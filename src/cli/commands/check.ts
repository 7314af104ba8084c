import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeDirectModelsWithout, describeRoutesWithout } from '../../config/describe-config.ts';
import { loadConfig, resolveConfigPath } from '../../config/load-config.ts';
import type { CliIo } from '../io.ts';

const USAGE = `Usage: outlast check [--config FILE] [--without PROVIDER...]

Validates a configuration and prints every problem with its path (exit 1 if any).

Options:
  -c, --config FILE         config file (default: ./outlast.yaml, else the environment)
  -w, --without PROVIDER    audit: what each route keeps if PROVIDER is down; repeat it or
                            list several (--without anthropic,openai); exit 1 if a route
                            would be left with no target
  -h, --help                show this help

A route is degraded when it lost targets and fewer than half remain, or only
local targets (openai-compatible without a hosted preset) remain where it had a hosted one.`;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `outlast check`: validates the config; with --without, audits which routes survive a provider outage. */
export async function run(args: string[], io: CliIo): Promise<number> {
  let values: { config?: string | undefined; without?: string[] | undefined; help?: boolean | undefined };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: {
        config: { type: 'string', short: 'c' },
        without: { type: 'string', short: 'w', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    io.stderr(`outlast check: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  // `--without anthropic openai`: the spec writes PROVIDER..., so extra words after --without are providers too.
  if (positionals.length > 0 && values.without === undefined) {
    io.stderr(`outlast check: unexpected argument '${positionals[0]}'\n\n${USAGE}`);
    return 2;
  }
  const without = [...(values.without ?? []), ...positionals]
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  if (values.without !== undefined && without.length === 0) {
    io.stderr(`outlast check: --without needs a provider id\n\n${USAGE}`);
    return 2;
  }

  const file = resolveConfigPath({ path: values.config, cwd: io.cwd });
  const where = file === undefined ? 'the environment' : path.relative(io.cwd, file) || file;
  const result = await loadConfig({ path: values.config, env: io.env, cwd: io.cwd });
  if (!result.ok) {
    for (const problem of result.problems) io.stdout(`${problem.path}: ${problem.message}`);
    io.stderr(`${plural(result.problems.length, 'problem')} in ${where}`);
    return 1;
  }

  const { config } = result;
  io.stdout(`ok: ${plural(config.providers.length, 'provider')}, ${plural(config.routes.length, 'route')}`);
  for (const note of result.notes) io.stdout(`  ${note}`);
  if (without.length === 0) return 0;

  const known = config.providers.map((provider) => provider.id);
  const unknown = without.filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    io.stderr(
      `outlast check: unknown provider ${unknown.map((id) => `'${id}'`).join(', ')} (declared: ${known.join(', ')})`,
    );
    return 2;
  }

  io.stdout(`\nwithout ${without.join(', ')}:`);
  const audits = describeRoutesWithout(config, without);
  if (audits.length === 0) io.stdout('  no routes');
  for (const audit of audits) {
    const total = config.routes.find((route) => route.model === audit.route)?.targets.length ?? 0;
    const left = audit.remaining.map((target) => `${target.provider}/${target.model}`).join(', ');
    const detail =
      audit.status === 'no-target'
        ? `no target left of ${total}`
        : `${audit.remaining.length} of ${total} targets left: ${left}`;
    io.stdout(`  route ${audit.route}: ${audit.status}, ${detail}`);
  }
  // Models named without a route, grouped by where they would go: one line per provider and outcome.
  const directLines = new Map<string, string[]>();
  for (const direct of describeDirectModelsWithout(config, without)) {
    const outcome = direct.takenOverBy === undefined ? 'no provider left' : `served by ${direct.takenOverBy}`;
    const key = `${direct.provider}\n${outcome}`;
    directLines.set(key, [...(directLines.get(key) ?? []), direct.models]);
  }
  for (const [key, models] of directLines) {
    const [provider, outcome] = key.split('\n');
    io.stdout(`  ${provider}'s models without a route (${models.join(', ')}): ${outcome}`);
  }
  const stranded = audits.filter((audit) => audit.status === 'no-target').length;
  if (stranded > 0) {
    io.stderr(`${plural(stranded, 'route')} would have no target without ${without.join(', ')}`);
    return 1;
  }
  return 0;
}
