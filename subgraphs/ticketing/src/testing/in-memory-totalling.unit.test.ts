import { createInMemoryEventStore } from '@sportskk/event-store';
import { announceAlways } from '@sportskk/testing';
import { inMemoryTotalling } from './in-memory-totalling.ts';
import { describeTotallingServiceContract } from './totalling-service-contract.ts';

announceAlways('TotallingService in memory (the test double of ticketing)');
describeTotallingServiceContract('in memory', async () => {
  const events = createInMemoryEventStore();
  const totalling = inMemoryTotalling(events);
  return {
    service: totalling.service,
    events,
    isCounted: async (ticketId) => totalling.isCounted(ticketId),
    totalOf: async (teamCode) => totalling.totalOf(teamCode),
    takeDown: async () => void (totalling.state.down = true),
    dispose: async () => undefined,
  };
});
