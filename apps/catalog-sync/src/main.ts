import 'reflect-metadata';
import { bootstrapService, createLogger, loadConfig } from '@app/observability';
import { CatalogSyncEnv, SERVICE } from './config';
import { catalogServiceOptions } from './service';

const config = loadConfig(CatalogSyncEnv);
void bootstrapService(catalogServiceOptions(config, createLogger(SERVICE, config.LOG_LEVEL)));
