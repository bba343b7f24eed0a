import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Personal data and secrets never reach the log: these paths are censored wherever they appear,
 * and callers log ids, never names, texts or card payloads.
 */
const REDACT = [
  'password',
  '*.password',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'email',
  '*.email',
  'mobile',
  '*.mobile',
  'name',
  '*.name',
  'text',
  '*.text',
  'card',
  '*.card',
  'value',
  '*.value',
  'attachments',
  '*.attachments',
];

export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { svc: 'ddh-bot' },
      redact: { paths: REDACT, censor: '[skjult]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
