export {
  checkBet,
  isTeamCode,
  type Bet,
  type BetCheck,
  type BetRejectionCode,
  type BettingRules,
} from './betting-rules.ts';
export { isTicketId } from './ticket-ids.ts';
export {
  TICKET_EVENT_SCHEMA_VERSION,
  TICKET_EVENT_TYPES,
  TICKET_STREAM_PREFIX,
  ticketStream,
  type TicketApproved,
  type TicketCancelled,
  type TicketEvent,
  type TicketEventType,
  type TicketPurchased,
} from './ticket-events.ts';
export {
  isIsoDateTime,
  readTicketEvent,
  type StoredTicketEvent,
  type TicketEventReading,
  type TicketUpcasters,
  type Upcaster,
} from './ticket-event-reader.ts';
export type { TicketStatus } from './ticket-status.ts';
export {
  TOTALLING_INTERNAL_ROUTES,
  parseTicketTotallingBody,
  totallingOperationPath,
  totallingRecordPath,
  type InternalErrorBody,
  type TicketToTotal,
  type TicketTotallingBody,
  type TotallingInternalErrorCode,
  type TotallingOperation,
  type TotallingRequest,
} from './totalling-internal-api.ts';
export {
  TICKETING_INTERNAL_ROUTES,
  parseApproveTicketResponse,
  ticketingApprovePath,
  type ApproveTicketRequest,
  type ApproveTicketResponse,
  type TicketingInternalErrorCode,
} from './ticketing-internal-api.ts';
export {
  checkAgainstRecord,
  ticketOnRecord,
  type RecordCheck,
  type TicketOnRecord,
} from './ticket-on-record.ts';
export { GRAPHQL_ERROR_CODES, type GraphQLErrorCode } from './graphql-error-codes.ts';
