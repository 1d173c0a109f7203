import 'reflect-metadata';
import { bootstrapService, createLogger, loadConfig } from '@app/observability';
import { WebhookGatewayEnv, SERVICE } from './config';
import { gatewayServiceOptions } from './service';

const config = loadConfig(WebhookGatewayEnv);
void bootstrapService(gatewayServiceOptions(config, createLogger(SERVICE, config.LOG_LEVEL)));
