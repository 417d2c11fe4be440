import { Agent } from 'node:http';
import {
  totallingOperationPath,
  type TicketToTotal,
  type TotallingOperation,
  type TotallingRequest,
} from '@sportskk/contracts';
import { CORRELATION_HEADER, HttpStatusError, requestJson, type Logger } from '@sportskk/platform';
import CircuitBreaker from 'opossum';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { BreakerSettings } from '../../config.ts';
import type { TotallingService } from '../../ports/totalling-service.ts';

export interface HttpTotallingOptions {
  /** Base URL of totalling's internal endpoint, e.g. http://localhost:4002 */
  readonly baseUrl: string;
  readonly breaker: BreakerSettings;
  readonly logger: Logger;
  readonly metrics: Registry;
}

export interface GuardedTotallingService extends TotallingService {
  readonly breakerState: () => 'closed' | 'open' | 'half-open';
  close(): void;
}

const STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * The synchronous call to totalling, guarded by an opossum breaker: a timeout per call, and after too many
 * failures the breaker opens and calls fail at once until its reset time. Connections are kept alive.
 */
export function createHttpTotallingService(options: HttpTotallingOptions): GuardedTotallingService {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const call = (
    operation: TotallingOperation,
    ticket: TicketToTotal,
    correlationId: string,
    signal: AbortSignal,
  ) => {
    const body: TotallingRequest = { teamCode: ticket.teamCode, betCredit: ticket.betCredit };
    const url = new URL(totallingOperationPath(operation, ticket.ticketId), options.baseUrl);
    return requestJson({
      method: 'POST',
      url,
      body,
      headers: { [CORRELATION_HEADER]: correlationId },
      agent,
      signal,
    });
  };
  const breaker = new CircuitBreaker(call, {
    timeout: options.breaker.timeoutMs,
    errorThresholdPercentage: options.breaker.errorThresholdPercentage,
    resetTimeout: options.breaker.resetTimeoutMs,
    volumeThreshold: options.breaker.volumeThreshold,
    rollingCountTimeout: options.breaker.rollingCountTimeoutMs,
    // A 4xx is our request's fault, not totalling's health: it fails the call but does not trip the breaker.
    errorFilter: (error: unknown) => error instanceof HttpStatusError && error.status < 500,
  });

  const state = () => (breaker.opened ? 'open' : breaker.halfOpen ? 'half-open' : 'closed');
  const stateGauge = new Gauge({
    name: 'totalling_breaker_state',
    help: 'Breaker on the sync call to totalling: 0 closed, 1 half-open, 2 open',
    registers: [options.metrics],
  });
  const calls = new Counter({
    name: 'totalling_calls_total',
    help: 'Sync calls to totalling by operation and outcome',
    labelNames: ['operation', 'outcome'],
    registers: [options.metrics],
  });
  stateGauge.set(0);
  const report = () => {
    stateGauge.set(STATE_VALUE[state()]);
    options.logger.warn({ breaker: state() }, `totalling breaker ${state()}`);
  };
  breaker.on('open', report);
  breaker.on('halfOpen', report);
  breaker.on('close', report);

  const guarded =
    (operation: TotallingOperation) => async (ticket: TicketToTotal, correlationId: string) => {
      try {
        // The breaker's timeout answers the caller; this signal also ends the abandoned request.
        await breaker.fire(
          operation,
          ticket,
          correlationId,
          AbortSignal.timeout(options.breaker.timeoutMs),
        );
        calls.inc({ operation, outcome: 'ok' });
      } catch (error) {
        const code = (error as { code?: string }).code;
        const outcome =
          code === 'EOPENBREAKER' ? 'rejected_open' : code === 'ETIMEDOUT' ? 'timeout' : 'error';
        calls.inc({ operation, outcome });
        throw error;
      }
    };

  return {
    count: guarded('count'),
    reverse: guarded('reverse'),
    breakerState: state,
    close() {
      breaker.shutdown();
      agent.destroy();
    },
  };
}
