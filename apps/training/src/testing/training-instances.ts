import { createHttpAdapter } from '@palembang/http';
import { randomBytes, randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CommandContext } from '@palembang/platform';
import { createServiceDatabase } from '@palembang/platform/testing';
import { ServicePerformanceConsumer } from '../recommendations/service-performance.consumer';
import { TrainingModule } from '../training.module';

/** Service instances on one database, as pods: started by `start`, closed by `close`. */
export type TrainingInstances = Readonly<{ apps: INestApplication[]; start(count: number): Promise<void>; close(): Promise<void> }>;

export function trainingInstances(): TrainingInstances {
  const apps: INestApplication[] = [];
  return {
    apps,
    async start(count) {
      process.env.PERSONAL_DATA_KEY ??= randomBytes(32).toString('base64');
      process.env.GATEWAY_URL ??= 'http://127.0.0.1:9';
      const databaseUrl = await createServiceDatabase('training');
      for (let index = 0; index < count; index++) apps.push(await startInstance(databaseUrl));
    },
    async close() {
      for (const app of apps) await app.close();
    },
  };
}

async function startInstance(databaseUrl: string): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [TrainingModule.forConfig({ serviceName: 'training', port: 1, databaseUrl, kafkaBrokers: (process.env.KAFKA_BROKERS ?? '').split(',') })],
  })
    // Kafka plays no part here (the end-to-end test covers delivery); the process manager is called directly.
    .overrideProvider(ServicePerformanceConsumer)
    .useValue({})
    .compile();
  const app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
  await app.init();
  return app;
}

/** A command context of an agency, now. */
export const contextOf = (agencyId: string): CommandContext => ({ agencyId, actor: 'test', correlationId: randomUUID(), now: new Date().toISOString() });
