import { createTotallingStore } from '@sportskk/totalling';
import type { SystemConfig } from '../config.ts';
import type { SystemStores } from '../stores.ts';
import type { AuditSources } from './audit.ts';

/** The audit's sources over the system's stores: its log, totalling's tables and the center view. */
export async function systemAuditSources(
  stores: SystemStores,
  config: Pick<SystemConfig, 'totalling'>,
): Promise<AuditSources> {
  return {
    events: stores.events,
    totals: await createTotallingStore(stores.sql, { eventStore: stores.events.kind }),
    views: stores.views,
    teams: config.totalling.rules.teams,
  };
}
