export { describeSqlClientContract, type SqlClientHarness } from './sql-client-contract.ts';
