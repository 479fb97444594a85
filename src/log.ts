/**
 * One JSON line per event (pino). Rooms and requests log through child loggers that carry
 * `roomId` and `playerId`, so every line about a game can be found by either.
 */
import { format } from 'node:util';
import { pino, type Logger, type DestinationStream } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger };

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino({
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: ['password', '*.password', 'token', '*.token', 'req.headers.authorization'], censor: '[redacted]' },
  }, destination);
}

/**
 * Colyseus logs like `console` (`logger.info("room", id, "created")`); pino interpolates only
 * format specifiers, so the arguments are formatted into one message first.
 */
export function colyseusLogger(log: Logger) {
  const child = log.child({ component: 'colyseus' });
  const forward = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const error = args.find((arg): arg is Error => arg instanceof Error);
      const message = format(...args.filter((arg) => arg !== error));
      if (error) child[level]({ err: error }, message);
      else child[level](message);
    };
  return {
    trace: forward('trace'),
    debug: forward('debug'),
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
  };
}
