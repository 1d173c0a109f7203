export { createDataSource, sharedDataSource, closeSharedDataSource, runMigrations, quoteIdent, type DataSourceSettings } from './data-source';
export { messagingTablesSql } from './messaging-tables';
