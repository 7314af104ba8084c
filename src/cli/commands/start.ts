import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/load-config.ts';
import { watchConfig } from '../../config/watch-config.ts';
import { collectSecrets } from '../../logging/collect-secrets.ts';
import { createJsonLogger } from '../../logging/create-json-logger.ts';
import { logPipelineEvents } from '../../logging/log-pipeline-events.ts';
import { createRedactor } from '../../logging/redact-secrets.ts';
import { serveGateway } from '../../server/serve-gateway.ts';
import type { CliIo } from '../io.ts';

const help = `Usage: outlast start [--config FILE] [--port N] [--host H] [--data DIR]

Runs the gateway. Without --config, uses ./outlast.yaml, or else configures itself from
ANTHROPIC_API_KEY, OPENAI_API_KEY and OUTLAST_LOCAL_BASE_URL.

Options:
  --config FILE  config file (default ./outlast.yaml)
  --port N       port (default 8700, or server.port)
  --host H       bind address (default 127.0.0.1, or server.host)
  --data DIR     data directory (default ./.outlast)
  --help         this text`;

/** `outlast start`: loads the config, serves the gateway, reloads the config file when it changes. */
export async function run(args: string[], io: CliIo): Promise<number> {
  let values: {
    config?: string | undefined;
    port?: string | undefined;
    host?: string | undefined;
    data?: string | undefined;
    help?: boolean | undefined;
  };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        config: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    io.stderr(`outlast start: ${error instanceof Error ? error.message : String(error)}\n\n${help}`);
    return 2;
  }
  if (values.help === true) {
    io.stdout(help);
    return 0;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    io.stderr(`outlast start: --port must be an integer from 0 to 65535, got '${values.port}'`);
    return 2;
  }
  const loaded = await loadConfig({
    ...(values.config === undefined ? {} : { path: values.config }),
    env: io.env,
    cwd: io.cwd,
  });
  if (!loaded.ok) {
    io.stderr('outlast start: the config is not valid:');
    for (const problem of loaded.problems) io.stderr(`  ${problem.path}: ${problem.message}`);
    return 1;
  }
  for (const note of loaded.notes) io.stdout(note);
  const dataDir = resolve(io.cwd, values.data ?? loaded.config.server.data_dir ?? '.outlast');
  // Secrets can change with a reload: the redactor is rebuilt for each config (its pattern is compiled once each).
  let redacting = { config: loaded.config, redact: createRedactor(collectSecrets(loaded.config, io.env)) };
  const redact = (text: string): string => {
    const config = served?.gateway.config() ?? loaded.config;
    if (config !== redacting.config) redacting = { config, redact: createRedactor(collectSecrets(config, io.env)) };
    return redacting.redact(text);
  };
  const logger = createJsonLogger({ write: (line) => io.stdout(line), redact });
  const errorLogger = createJsonLogger({ write: (line) => io.stderr(line), redact });
  let served: Awaited<ReturnType<typeof serveGateway>> | undefined;
  served = await serveGateway(loaded.config, {
    ...(port === undefined ? {} : { port }),
    ...(values.host === undefined ? {} : { host: values.host }),
    dataDir,
    adminKey: io.env.OUTLAST_ADMIN_KEY,
    logError: (message, fields) => errorLogger.error(message, fields),
    logger,
  });
  io.stdout(`outlast listening on ${served.url}`);
  if (!served.access.enforcing()) {
    io.stdout('client keys: none exist yet, so any client key is accepted (create one with `outlast keys create`)');
  }
  if (served.adminUrl !== undefined) io.stdout(`outlast admin API and metrics on ${served.adminUrl}`);
  const stopEventLog = logPipelineEvents(logger);
  let watcher: { close(): void } | undefined;
  if (loaded.source === 'file') {
    const path = resolve(io.cwd, values.config ?? 'outlast.yaml');
    watcher = watchConfig({
      path,
      env: io.env,
      onReload: (config) => {
        served.gateway.reload(config);
        io.stdout(`config reloaded from ${path}`);
      },
      onInvalid: (problems) => {
        io.stderr(`config change refused, keeping the previous config (${path}):`);
        for (const problem of problems) io.stderr(`  ${problem.path}: ${problem.message}`);
      },
    });
  }
  await new Promise<void>((resolveStop) => {
    if (io.signal.aborted) resolveStop();
    io.signal.addEventListener('abort', () => resolveStop(), { once: true });
  });
  watcher?.close();
  const drainMs = served.gateway.config().server.drain_timeout_ms;
  io.stdout(`outlast: shutting down, letting in-flight requests finish (up to ${drainMs} ms)`);
  await served.close(drainMs);
  stopEventLog();
  io.stdout('outlast: stopped');
  return 0;
}
