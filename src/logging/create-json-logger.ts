/** Severity of a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Extra fields of a log line (`requestId` among them when there is one). */
export type LogFields = Record<string, unknown>;

/** Structured logs: one JSON object per line, secrets redacted. */
export interface Logger {
  /** Writes a debug line (dropped unless the level is debug). */
  debug(message: string, fields?: LogFields): void;
  /** Writes an info line. */
  info(message: string, fields?: LogFields): void;
  /** Writes a warning line. */
  warn(message: string, fields?: LogFields): void;
  /** Writes an error line. */
  error(message: string, fields?: LogFields): void;
}

const ranks: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Options of createJsonLogger. */
export interface JsonLoggerOptions {
  /** Receives each finished line (without the newline). */
  write: (line: string) => void;
  /** Applied to the whole serialised line: removes keys wherever a field put them. */
  redact: (text: string) => string;
  /** Lines below this level are dropped; info by default. */
  level?: LogLevel;
  /** Clock in ms. */
  now?: () => number;
}

function errorFields(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}

/** Creates a logger writing `{"time","level","msg",...fields}` lines through the redactor. */
export function createJsonLogger(options: JsonLoggerOptions): Logger {
  const minimum = ranks[options.level ?? 'info'];
  const now = options.now ?? Date.now;
  function log(level: LogLevel, message: string, fields: LogFields | undefined): void {
    if (ranks[level] < minimum) return;
    let line: string;
    try {
      line = JSON.stringify({ time: new Date(now()).toISOString(), level, msg: message, ...fields }, (_key, value) =>
        errorFields(value),
      );
    } catch {
      line = JSON.stringify({ time: new Date(now()).toISOString(), level, msg: message, fields: 'unserialisable' });
    }
    options.write(options.redact(line));
  }
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
  };
}
