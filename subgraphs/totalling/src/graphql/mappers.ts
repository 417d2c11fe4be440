/** A Ticket entity as this subgraph knows it: its key only; `totalling` is read from the record by id. */
export interface TicketReference {
  readonly id: string;
}
