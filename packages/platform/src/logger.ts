import { pino, type Logger } from 'pino';
import { currentCorrelationId } from './correlation.ts';

export type { Logger };

/**
 * Structured JSON logs; every line carries the service name and the current correlation id, if any. To stdout
 * unless told otherwise, in blocks of up to 4 kB written at least every 100 ms: one write per line was a system
 * call per request (pino flushes what is left when the process exits).
 */
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
    destination ?? pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 100 }),
  );
}

/** The handler a database pool calls when an idle connection is lost (the pool replaces it): a warning. */
/** For an event store: a dropped subscription is a warning; the projection runner reports one that ends. */
export function subscriptionDropped(logger: Logger): (error: unknown) => void {
  return (error) =>
    logger.warn(
      { err: error instanceof Error ? { message: error.message, name: error.name } : error },
      'event store subscription dropped',
    );
}

export function connectionLost(logger: Logger): (error: Error) => void {
  // Not the error object itself: pg hangs the whole client (and its statements) on it.
  return (error) =>
    logger.warn(
      { err: { message: error.message, code: (error as { code?: unknown }).code } },
      'database connection lost',
    );
}
