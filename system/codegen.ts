import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Resolver types for each subgraph from its SDL (`npm run build`); the files are committed and a test checks they
 * are what this makes. Mapped types are what the resolvers get as parents; the rest follow the SDL.
 */
const subgraph = (
  name: string,
  config: { contextType: string; mappers: Record<string, string> },
) => ({
  [`../subgraphs/${name}/src/graphql/generated/resolvers-types.ts`]: {
    schema: `../subgraphs/${name}/schema.graphql`,
    plugins: ['typescript', 'typescript-resolvers'],
    config: {
      federation: true,
      useTypeImports: true,
      enumsAsTypes: true,
      mapperTypeSuffix: 'Model',
      scalars: { DateTime: { input: 'string', output: 'string | Date' }, Long: 'number' },
      ...config,
    },
  },
});

const config: CodegenConfig = {
  generates: {
    ...subgraph('ticketing', {
      contextType: '../context.ts#TicketingContext',
      mappers: { Ticket: '../../app/ticket-commands.ts#TicketView' },
    }),
    ...subgraph('totalling', {
      contextType: '../context.ts#TotallingContext',
      mappers: {
        TeamTotal: '../../ports/totalling-store.ts#TeamTotal',
        Ticket: '../mappers.ts#TicketReference',
        TicketTotalling: '../../domain/ticket-totalling.ts#TicketTotallingStatus',
      },
    }),
    ...subgraph('center', {
      contextType: '../context.ts#CenterContext',
      mappers: {
        Ticket: '../mappers.ts#TicketParent',
        TicketHistoryEntry: '../../domain/ticket-view.ts#TicketHistoryEntry',
        TicketStatusChange: '../mappers.ts#StatusChangeParent',
      },
    }),
  },
};
export default config;
