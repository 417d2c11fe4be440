import { describe, expect, it } from 'vitest';
import {
  parseTicketTotallingBody,
  totallingOperationPath,
  totallingRecordPath,
} from './totalling-internal-api.ts';
import { parseApproveTicketResponse, ticketingApprovePath } from './ticketing-internal-api.ts';

describe('the internal HTTP contracts', () => {
  it('name each ticket in its path, encoded', () => {
    expect(totallingRecordPath('a b/c')).toBe('/internal/tickets/a%20b%2Fc');
    expect(totallingOperationPath('count', 'x')).toBe('/internal/tickets/x/count');
    expect(totallingOperationPath('reverse', 'x')).toBe('/internal/tickets/x/reverse');
    expect(ticketingApprovePath('x?')).toBe('/internal/tickets/x%3F/approve');
  });

  it('read a totalling record from a response body, and nothing else', () => {
    const record = {
      ticketId: 't',
      counted: true,
      countedAt: '2026-01-01T00:00:00.000Z',
      reversedAt: null,
    };
    expect(parseTicketTotallingBody({ ...record, extra: 1 })).toEqual(record);
    for (const body of [
      null,
      'text',
      {},
      { ...record, counted: 'yes' },
      { ...record, countedAt: 5 },
      { ...record, ticketId: undefined },
    ]) {
      expect(parseTicketTotallingBody(body)).toBeUndefined();
    }
  });

  it('read an approval answer from a response body, and nothing else', () => {
    const answer = { ticketId: 't', status: 'PENDING', version: 0 };
    expect(parseApproveTicketResponse(answer)).toEqual(answer);
    for (const body of [
      null,
      {},
      { ...answer, status: 'LOST' },
      { ...answer, version: 1.5 },
      { ...answer, ticketId: 1 },
    ]) {
      expect(parseApproveTicketResponse(body)).toBeUndefined();
    }
  });
});
