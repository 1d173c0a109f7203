// A consuming service in its own process, started like every app (bootstrapService), for the graceful
// shutdown test: its handler takes HANDLER_MS, prints "HANDLING <n>" on entry and "DONE <n>" after its
// effect committed. Env: DRAIN_DB_URL, DRAIN_AMQP_URL, DRAIN_SCHEMA, PORT, HANDLER_MS.
import 'reflect-metadata';
import { Controller, Inject, Module, type DynamicModule } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { bootstrapService } from '@app/observability';
import { createDataSource } from '@app/persistence';
import type { DataSource } from 'typeorm';
import { EventsServer } from '../events-server';
import { Inbox } from '../inbox';
import { MessagingModule } from '../messaging.module';
import { SampleCreatedV1 } from './harness';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const SERVICE = 'drain-test';

@Controller()
class SlowController {
  constructor(
    @Inject('DATA_SOURCE') private readonly ds: DataSource,
    private readonly inbox: Inbox,
  ) {}

  @EventPattern(SampleCreatedV1.type)
  async on(@Payload() event: SampleCreatedV1) {
    console.log(`HANDLING ${event.data.n}`);
    await new Promise((r) => setTimeout(r, Number(env('HANDLER_MS'))));
    await this.ds.transaction(async (m) => {
      if (!(await this.inbox.claim(m, SERVICE, event.id))) return;
      await m.query(`INSERT INTO "${env('DRAIN_SCHEMA')}"."effects" (message_id, sku) VALUES ($1, $2)`, [event.id, event.data.sku]);
    });
    console.log(`DONE ${event.data.n}`);
  }
}

@Module({})
class DrainModule {
  static forRoot(ds: DataSource, url: string): DynamicModule {
    return {
      module: DrainModule,
      imports: [MessagingModule.forRoot({ service: SERVICE, url, dataSource: ds })],
      controllers: [SlowController],
      providers: [{ provide: 'DATA_SOURCE', useValue: ds }],
    };
  }
}

async function main() {
  setTimeout(() => process.exit(3), 60_000).unref(); // never outlive a test that forgot us
  const ds = createDataSource({ url: env('DRAIN_DB_URL'), schema: env('DRAIN_SCHEMA'), poolSize: 4 });
  await ds.initialize();
  const url = env('DRAIN_AMQP_URL');
  await bootstrapService({
    module: DrainModule.forRoot(ds, url),
    config: { PORT: Number(env('PORT')), LOG_LEVEL: 'warn', HOST: '127.0.0.1', SHUTDOWN_TIMEOUT_MS: 10_000 },
    service: SERVICE,
    // One message at a time: the others wait on the queue, where a shutdown must leave them.
    events: () => new EventsServer({ service: SERVICE, url, dataSource: ds, prefetch: 1 }),
  });
  console.log('READY');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
