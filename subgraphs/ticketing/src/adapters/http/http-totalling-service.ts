import { Agent } from 'node:http';
import {
  parseTicketTotallingBody,
  totallingOperationPath,
  totallingRecordPath,
  type TicketToTotal,
  type TotallingRequest,
} from '@sportskk/contracts';
import type { ServiceTokens } from '@sportskk/identity';
import { CORRELATION_HEADER, HttpStatusError, requestJson, type Logger } from '@sportskk/platform';
import CircuitBreaker from 'opossum';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { BreakerSettings } from '../../config.ts';
import type { TotallingService } from '../../ports/totalling-service.ts';

export interface HttpTotallingOptions {
  /** Base URL of totalling's internal endpoint, e.g. http://localhost:4002 */
  readonly baseUrl: string;
  /** Ticketing's own: every call carries a token for totalling. */
  readonly tokens: ServiceTokens;
  readonly breaker: BreakerSettings;
  readonly logger: Logger;
  readonly metrics: Registry;
}

export interface GuardedTotallingService extends TotallingService {
  readonly breakerState: () => 'closed' | 'open' | 'half-open';
  close(): void;
}

type Operation = 'count' | 'reverse' | 'status';
interface Call {
  readonly operation: Operation;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: TotallingRequest;
}

/** After the breaker's timeout, so a timeout is reported as one (ETIMEDOUT), not as an aborted request. */
const ABANDON_AFTER_TIMEOUT_MS = 100;

const STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

/** A refusal (4xx) is about our request, not totalling's health. */
const isRefusal = (error: unknown): error is HttpStatusError =>
  error instanceof HttpStatusError && error.status < 500;

/**
 * Totalling's internal endpoint, guarded by an opossum breaker: a timeout per call, and after too many failures the
 * breaker opens and calls fail at once until its reset time. Connections are kept alive.
 */
export function createHttpTotallingService(options: HttpTotallingOptions): GuardedTotallingService {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const send = async (call: Call, correlationId: string, signal: AbortSignal) => {
    const url = new URL(call.path, options.baseUrl);
    // Good for this one request only: a token taken from the wire counts no other ticket.
    const binding = { method: call.method, path: url.pathname + url.search };
    return requestJson({
      method: call.method,
      url,
      ...(call.body ? { body: call.body } : {}),
      headers: {
        [CORRELATION_HEADER]: correlationId,
        authorization: `Bearer ${await options.tokens.sign('totalling', { binding })}`,
      },
      agent,
      signal,
    });
  };
  const breaker = new CircuitBreaker(send, {
    timeout: options.breaker.timeoutMs,
    errorThresholdPercentage: options.breaker.errorThresholdPercentage,
    resetTimeout: options.breaker.resetTimeoutMs,
    volumeThreshold: options.breaker.volumeThreshold,
    rollingCountTimeout: options.breaker.rollingCountTimeoutMs,
    // A refusal fails the call but does not trip the breaker.
    errorFilter: isRefusal,
  });

  const state = () => (breaker.opened ? 'open' : breaker.halfOpen ? 'half-open' : 'closed');
  const stateGauge = new Gauge({
    name: 'totalling_breaker_state',
    help: 'Breaker on the sync call to totalling: 0 closed, 1 half-open, 2 open',
    registers: [options.metrics],
  });
  // The state as a labelled gauge, one series per state (1 for the current one): alert on state="open" == 1.
  const stateSet = new Gauge({
    name: 'circuit_breaker_state',
    help: 'Circuit breakers by state: 1 for the state each breaker is in, 0 for the others',
    labelNames: ['breaker', 'state'],
    registers: [options.metrics],
  });
  const calls = new Counter({
    name: 'totalling_calls_total',
    help: 'Calls to totalling by operation and outcome',
    labelNames: ['operation', 'outcome'],
    registers: [options.metrics],
  });
  const showState = () => {
    stateGauge.set(STATE_VALUE[state()]);
    for (const each of Object.keys(STATE_VALUE) as (keyof typeof STATE_VALUE)[])
      stateSet.set(
        { breaker: 'totalling', state: each.replace('-', '_') },
        each === state() ? 1 : 0,
      );
  };
  showState();
  const report = () => {
    showState();
    options.logger.warn({ breaker: state() }, `totalling breaker ${state()}`);
  };
  breaker.on('open', report);
  breaker.on('halfOpen', report);
  breaker.on('close', report);

  const fire = async (call: Call, correlationId: string): Promise<unknown> => {
    try {
      // The breaker's timeout answers the caller; this signal, a little later, ends the abandoned request.
      const answer = await breaker.fire(
        call,
        correlationId,
        AbortSignal.timeout(options.breaker.timeoutMs + ABANDON_AFTER_TIMEOUT_MS),
      );
      calls.inc({ operation: call.operation, outcome: 'ok' });
      return answer;
    } catch (error) {
      const code = (error as { code?: string }).code;
      const outcome = isRefusal(error)
        ? 'refused'
        : code === 'EOPENBREAKER'
          ? 'rejected_open'
          : code === 'ETIMEDOUT'
            ? 'timeout'
            : 'error';
      calls.inc({ operation: call.operation, outcome });
      if (isRefusal(error)) {
        options.logger.error(
          { operation: call.operation, status: error.status, code: error.code() },
          'totalling refused the call',
        );
      }
      throw error;
    }
  };
  const record =
    (operation: 'count' | 'reverse') => async (ticket: TicketToTotal, correlationId: string) => {
      const body = { teamCode: ticket.teamCode, betCredit: ticket.betCredit };
      await fire(
        {
          operation,
          method: 'POST',
          path: totallingOperationPath(operation, ticket.ticketId),
          body,
        },
        correlationId,
      );
    };

  return {
    count: record('count'),
    reverse: record('reverse'),
    async isCounted(ticketId, correlationId) {
      const answer = await fire(
        { operation: 'status', method: 'GET', path: totallingRecordPath(ticketId) },
        correlationId,
      );
      const status = parseTicketTotallingBody(answer);
      if (!status)
        throw new Error(`Totalling answered something that is not a ticket record for ${ticketId}`);
      return status.counted;
    },
    breakerState: state,
    close() {
      breaker.shutdown();
      agent.destroy();
    },
  };
}
