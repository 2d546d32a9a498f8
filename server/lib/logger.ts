import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name = 'gentou'): Logger {
  return pino({
    name,
    level,
    // never log credentials, even by accident
    redact: {
      paths: ['req.headers.authorization', '*.password', '*.appSecret', '*.secret', '*.accessToken', 'password'],
      censor: '***',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
