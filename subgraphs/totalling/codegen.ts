import type { CodegenConfig } from '@graphql-codegen/cli';

/** Resolver types from the SDL (npm run build); a test checks the committed file is what this makes. */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'src/graphql/generated/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useTypeImports: true,
        enumsAsTypes: true,
        mapperTypeSuffix: 'Model',
        contextType: '../context.ts#TotallingContext',
        mappers: {
          TeamTotal: '../../ports/totalling-store.ts#TeamTotal',
          Ticket: '../mappers.ts#TicketReference',
          TicketTotalling: '../../domain/ticket-totalling.ts#TicketTotallingStatus',
        },
        scalars: { DateTime: { input: 'string', output: 'string | Date' }, Long: 'number' },
      },
    },
  },
};
export default config;
