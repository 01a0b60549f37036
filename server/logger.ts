// Structured JSON logs (pino). One root logger; requests get a child with
// their request id (see app.ts).
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name = 'talent-pool'): Logger {
  return pino({ name, level, base: { service: name }, timestamp: pino.stdTimeFunctions.isoTime });
}
