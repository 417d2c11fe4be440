import { Agent } from 'node:http';
import {
  parseTicketTotallingBody,
  ticketingApprovePath,
  totallingRecordPath,
  type ApproveTicketRequest,
} from '@sportskk/contracts';
import type { RecordedEvent } from '@sportskk/event-store';
import { CORRELATION_HEADER, requestJson } from '@sportskk/platform';
import type { ApprovalPorts } from '../ports/approval-ports.ts';

export interface HttpPeersOptions {
  /** Base URLs of the internal endpoints, e.g. http://localhost:4001 */
  readonly ticketingUrl: string;
  readonly totallingUrl: string;
  /** Each call gives up after this long. */
  readonly timeoutMs: number;
}

/** Totalling and ticketing over their internal HTTP contracts, on keep-alive connections. */
export function createHttpPeers(
  options: HttpPeersOptions,
): Pick<ApprovalPorts, 'isCounted' | 'approve'> & { close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const signal = () => AbortSignal.timeout(options.timeoutMs);
  return {
    async isCounted(ticketId) {
      const url = new URL(totallingRecordPath(ticketId), options.totallingUrl);
      const record = parseTicketTotallingBody(
        await requestJson({ method: 'GET', url, agent, signal: signal() }),
      );
      if (!record)
        throw new Error(`Totalling answered something that is not a ticket record for ${ticketId}`);
      return record.counted;
    },
    async approve(ticketId: string, purchase: RecordedEvent) {
      const url = new URL(ticketingApprovePath(ticketId), options.ticketingUrl);
      const body: ApproveTicketRequest = { causationId: purchase.id };
      const headers = {
        [CORRELATION_HEADER]: purchase.metadata.correlationId,
        'x-actor': 'approval-process-manager',
      };
      await requestJson({ method: 'POST', url, body, headers, agent, signal: signal() });
    },
    close: () => agent.destroy(),
  };
}
