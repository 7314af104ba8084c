#!/usr/bin/env node
import { type CliCommand, createProcessIo } from './io.ts';

const commands: Record<string, { summary: string; load: () => Promise<{ run: CliCommand }> }> = {
  start: { summary: 'run the gateway', load: () => import('./commands/start.ts') },
  sim: { summary: 'run the provider simulator', load: () => import('./commands/sim.ts') },
  demo: {
    summary: 'simulator + gateway + demo traffic with a scripted outage',
    load: () => import('./commands/demo.ts'),
  },
  check: {
    summary: 'validate a config; --without P audits a provider outage',
    load: () => import('./commands/check.ts'),
  },
  status: {
    summary: 'health of providers and models of a running gateway',
    load: () => import('./commands/status.ts'),
  },
  incidents: {
    summary: 'list incidents; export ID prints a Markdown post-mortem',
    load: () => import('./commands/incidents.ts'),
  },
  sla: {
    summary: 'monthly uptime against an SLA target, with the credit owed',
    load: () => import('./commands/sla.ts'),
  },
  keys: {
    summary: 'create, list, rotate and revoke client keys',
    load: () => import('./commands/keys.ts'),
  },
  audit: {
    summary: 'export the audit trail as JSON lines',
    load: () => import('./commands/audit.ts'),
  },
  drill: {
    summary: 'replay an outage scenario and report what clients got',
    load: () => import('./commands/drill.ts'),
  },
  chaos: {
    summary: 'inject faults into a running gateway (admin key)',
    load: () => import('./commands/chaos.ts'),
  },
};

const usage = `Usage: outlast <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(10)}${command.summary}`)
  .join('\n')}

Run \`outlast <command> --help\` for the options of a command.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    console.log(pkg.version);
    return 0;
  }
  const command = commands[name];
  if (command === undefined) {
    console.error(`outlast: unknown command '${name}'\n\n${usage}`);
    return 2;
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const { run } = await command.load();
  return run(rest, createProcessIo(controller.signal));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
