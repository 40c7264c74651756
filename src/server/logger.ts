// The server's pino logger: JSON lines, with every line passed through redactTokens just before it is
// written, so nothing shaped like a Tessera token reaches a log whatever was logged (a path, an error
// message, a stack). Header fields that carry tokens are censored by path as well.
import pino, { type DestinationStream, type Logger } from 'pino';
import { redactTokens } from '../domain/token-format.js';

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: ['req.headers.authorization', 'headers.authorization', 'authorization', 'full_token', 'token'], censor: '[redacted]' },
    hooks: { streamWrite: redactTokens },
  };
  return destination ? pino(options, destination) : pino(options);
}
