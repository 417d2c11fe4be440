import { pino, type Logger } from 'pino';
import { currentCorrelationId } from './correlation.ts';

export type { Logger };

/** Structured JSON logs; every line carries the service name and the current correlation id, if any. */
export function createLogger(
  service: string,
  level = 'info',
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
    },
    destination,
  );
}

/** The handler a database pool calls when an idle connection is lost (the pool replaces it): a warning. */
export function connectionLost(logger: Logger): (error: Error) => void {
  // Not the error object itself: pg hangs the whole client (and its statements) on it.
  return (error) =>
    logger.warn(
      { err: { message: error.message, code: (error as { code?: unknown }).code } },
      'database connection lost',
    );
}
