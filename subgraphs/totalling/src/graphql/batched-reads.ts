type Waiter<Value> = { resolve: (value: Value | undefined) => void; reject: (error: unknown) => void };

/**
 * Coalesces the reads asked for in the same tick into one `readMany` call (as DataLoader does, without
 * caching: every batch reads fresh). Federation resolves a list of `Ticket` references one by one; this
 * makes it one query.
 */
export function batchedReads<Value>(readMany: (ids: readonly string[]) => Promise<ReadonlyMap<string, Value>>, maxBatchSize = 500): (id: string) => Promise<Value | undefined> {
  let pending: Map<string, Waiter<Value>[]> | undefined;

  const dispatch = async (batch: Map<string, Waiter<Value>[]>) => {
    try {
      const found = await readMany([...batch.keys()]);
      for (const [id, waiters] of batch) for (const waiter of waiters) waiter.resolve(found.get(id));
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
    }
  };

  const openBatch = () => {
    const batch = new Map<string, Waiter<Value>[]>();
    pending = batch;
    // After the promise jobs already queued (resolvers of sibling list items), like DataLoader.
    void Promise.resolve().then(() =>
      process.nextTick(() => {
        if (pending === batch) pending = undefined;
        void dispatch(batch);
      }),
    );
    return batch;
  };

  return (id) =>
    new Promise<Value | undefined>((resolve, reject) => {
      const batch = pending !== undefined && (pending.size < maxBatchSize || pending.has(id)) ? pending : openBatch();
      const waiters = batch.get(id) ?? [];
      waiters.push({ resolve, reject });
      batch.set(id, waiters);
    });
}
