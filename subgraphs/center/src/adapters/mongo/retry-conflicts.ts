/** Another apply changed a ticket's document after this unit of work read it. */
export class ConcurrentViewUpdate extends Error {
  override readonly name = 'ConcurrentViewUpdate';
  readonly ticketId: string;
  constructor(ticketId: string) {
    super(`The view of ticket ${ticketId} changed while an event was folded in`);
    this.ticketId = ticketId;
  }
}

/** Runs `work` again (it loads afresh) while it meets a concurrent update, up to `attempts` times. */
export async function retryingConflicts<T>(work: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ConcurrentViewUpdate) || attempt >= attempts) throw error;
    }
  }
}
