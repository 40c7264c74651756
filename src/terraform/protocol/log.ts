/**
 * The plugin's log: JSON lines on stderr in hclog's shape (`@level`, `@message`, `@timestamp`,
 * `@module`), which terraform's plugin host parses and re-emits under TF_LOG. stdout belongs to the
 * handshake alone. The level comes from TF_LOG_PROVIDER, else TF_LOG (terraform passes its
 * environment on), else `warn` so ordinary runs pay nothing for logging.
 */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

export interface Logger {
  enabled(level: LogLevel): boolean;
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  trace(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function levelFromEnv(env: NodeJS.ProcessEnv): LogLevel {
  const raw = (env.TF_LOG_PROVIDER || env.TF_LOG || '').trim().toLowerCase();
  if (raw === 'json') return 'trace'; // TF_LOG=JSON means trace in JSON form
  return raw in ORDER ? (raw as LogLevel) : 'warn';
}

/** hclog's timestamp layout has microseconds: 2006-01-02T15:04:05.000000Z07:00. */
function timestamp(): string {
  return new Date().toISOString().replace(/Z$/, '000Z');
}

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stderr.write(line),
  module = 'provider.terraform-provider-aiven',
): Logger {
  const threshold = ORDER[level];
  const logger: Logger = {
    enabled: (l) => ORDER[l] >= threshold,
    log(l, message, fields) {
      if (ORDER[l] < threshold) return;
      write(JSON.stringify({ '@level': l, '@message': message, '@module': module, '@timestamp': timestamp(), ...fields }) + '\n');
    },
    trace: (m, f) => logger.log('trace', m, f),
    debug: (m, f) => logger.log('debug', m, f),
    info: (m, f) => logger.log('info', m, f),
    warn: (m, f) => logger.log('warn', m, f),
    error: (m, f) => logger.log('error', m, f),
  };
  return logger;
}
