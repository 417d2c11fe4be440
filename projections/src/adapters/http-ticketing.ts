import { Agent } from 'node:http';
import {
  parseApproveTicketResponse,
  ticketingApprovePath,
  type ApproveTicketRequest,
} from '@sportskk/contracts';
import type { ServiceTokens } from '@sportskk/identity';
import { CORRELATION_HEADER, HttpStatusError, requestJson } from '@sportskk/platform';
import { TicketNotFound, type Ticketing } from '../ports/approval-ports.ts';

export interface HttpTicketingOptions {
  /** Base URL of ticketing's internal endpoint, e.g. http://localhost:4001 */
  readonly baseUrl: string;
  /** Each call gives up after this long (or when the caller's signal aborts). */
  readonly timeoutMs: number;
  /** The projections worker's own: every call carries a token for ticketing. */
  readonly tokens: ServiceTokens;
}

/** Ticketing over its internal HTTP contract, on keep-alive connections. */
export function createHttpTicketing(options: HttpTicketingOptions): Ticketing & { close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  return {
    async approveIfCounted(ticketId, purchase, signal) {
      const url = new URL(ticketingApprovePath(ticketId), options.baseUrl);
      const body: ApproveTicketRequest = { causationId: purchase.id };
      const headers = {
        [CORRELATION_HEADER]: purchase.metadata.correlationId,
        authorization: `Bearer ${await options.tokens.sign('ticketing', {
          binding: { method: 'POST', path: url.pathname + url.search },
        })}`,
      };
      let answer: unknown;
      try {
        answer = await requestJson({
          method: 'POST',
          url,
          body,
          headers,
          agent,
          signal: AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs)]),
        });
      } catch (error) {
        if (error instanceof HttpStatusError && error.code() === 'TICKET_NOT_FOUND')
          throw new TicketNotFound(`Ticketing has no ticket ${ticketId}`);
        throw error;
      }
      const approval = parseApproveTicketResponse(answer);
      if (!approval)
        throw new Error(`Ticketing answered something that is not an approval for ${ticketId}`);
      return approval.status;
    },
    close: () => agent.destroy(),
  };
}
