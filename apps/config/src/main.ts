import 'reflect-metadata';
import { bootstrapService, createLogger, loadConfig } from '@app/observability';
import { ConfigServiceEnv, SERVICE } from './config';
import { configServiceOptions } from './service';

const config = loadConfig(ConfigServiceEnv);
void bootstrapService(configServiceOptions(config, createLogger(SERVICE, config.LOG_LEVEL)));
