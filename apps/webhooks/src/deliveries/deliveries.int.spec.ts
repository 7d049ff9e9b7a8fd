import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EventEnvelope, KafkaPublisher } from '@palembang/events';
import { createTestTopic, eventually, kafkaConnection, testEnvelope } from '@palembang/events/testing';
import { ProblemException, createHttpAdapter } from '@palembang/http';
import { createServiceDatabase } from '@palembang/platform/testing';
import { Actor, WebhookArea } from '@palembang/webhooks-domain';
import { Webhook } from 'standardwebhooks';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { Receiver } from '../testing/receiver';
import { WebhooksModule } from '../webhooks.module';
import { WebhooksSettings } from '../webhooks-config';
import { postPinned } from './pinned-request';

const permitsOffice: Actor = { clientId: 'dpmptsp-system', agencyId: 'dpmptsp', scopes: ['permits:read', 'webhooks:read', 'webhooks:write'] };
const healthOffice: Actor = { clientId: 'dinkes-system', agencyId: 'dinkes', scopes: ['permits:read', 'webhooks:read', 'webhooks:write'] };
const cityWide: Actor = { clientId: 'city-system', agencyId: 'pemkot-palembang', scopes: ['permits:read', 'complaints:read', 'agencies:all', 'webhooks:read', 'webhooks:write'] };

/**
 * The webhook service in process on real PostgreSQL and Kafka (topics of its own), delivering to
 * a real HTTP receiver on loopback; every delivery is verified with the standardwebhooks library.
 */
describe('webhook deliveries (real PostgreSQL, Kafka and receiver)', () => {
  let databaseUrl: string;
  let topics: Record<WebhookArea, string>;
  let app: INestApplication | undefined;
  let subscriptions: SubscriptionsService;
  const publisher = new KafkaPublisher(kafkaConnection());
  const receiver = new Receiver();
  const consumerGroup = `webhooks-int-${randomUUID()}`;

  const startService = async (): Promise<void> => {
    const overrides: Partial<WebhooksSettings> = { topics, consumerGroup, startAtEnd: false, pollMs: 100, deliveryTimeoutMs: 2_000, disableAfterFailedDeliveries: 2, retryPolicy: { firstRetryMs: 200, maxDelayMs: 400, giveUpAfterMs: 24 * 3600_000 } };
    const moduleRef = await Test.createTestingModule({
      imports: [WebhooksModule.forConfig({ serviceName: 'webhooks', port: 1, databaseUrl, kafkaBrokers: (process.env.KAFKA_BROKERS ?? '').split(',') }, { GATEWAY_URL: 'http://127.0.0.1:9', WEBHOOKS_ALLOW_LOOPBACK: 'true' }, overrides)],
    }).compile();
    app = moduleRef.createNestApplication(createHttpAdapter(), { logger: process.env.WEBHOOKS_TEST_LOGS ? ['log', 'warn', 'error'] : false });
    await app.init();
    subscriptions = app.get(SubscriptionsService);
  };

  const publish = async (area: WebhookArea, events: readonly EventEnvelope[]): Promise<number> => {
    await publisher.publish(events.map((event) => ({ topic: topics[area], key: event.streamId, value: JSON.stringify(event) })));
    return Date.now();
  };

  const event = (streamId: string, version: number, type = 'ApplicationSubmitted', agencyId = 'dpmptsp'): EventEnvelope => ({ ...testEnvelope(streamId, version, type, { applicant: { sealed: 'x' }, status: 'submitted' }), agencyId });

  const subscribe = async (actor: Actor, path: string, eventTypes = ['permits.ApplicationSubmitted']) => {
    const created = await subscriptions.create(actor, { url: receiver.url(path), eventTypes }, new Date());
    const { secret } = await subscriptions.secret(actor, created.subscriptionId);
    return { ...created, secret, path };
  };

  const verified = (secret: string, path: string) => receiver.on(path).map((entry) => new Webhook(secret).verify(entry.body, entry.headers) as { type: string; data: { streamId: string; streamVersion: number; eventId: string; agencyId: string } });

  beforeAll(async () => {
    databaseUrl = await createServiceDatabase('webhooks');
    topics = { permits: await createTestTopic('wh-permits', 6), complaints: await createTestTopic('wh-complaints'), training: await createTestTopic('wh-training'), accountability: await createTestTopic('wh-accountability') };
    await receiver.start();
    await startService();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await publisher.close();
    await receiver.stop();
  });

  it('delivers a signed webhook within a second of the event, verified by the standardwebhooks library, carrying no personal data', async () => {
    const subscription = await subscribe(permitsOffice, '/first');
    const streamId = `permit-${randomUUID()}`;
    const published = await publish('permits', [event(streamId, 1)]);
    await eventually(() => receiver.on('/first').length === 1, 10_000, 20);
    const [received] = receiver.on('/first');
    expect(received.at - published).toBeLessThan(1_000);
    const [payload] = verified(subscription.secret, '/first');
    expect(payload).toMatchObject({ type: 'permits.ApplicationSubmitted', data: { streamId, streamVersion: 1, agencyId: 'dpmptsp', status: 'submitted' } });
    expect(Object.keys(payload.data).sort()).toEqual(['agencyId', 'eventId', 'occurredAt', 'status', 'streamId', 'streamVersion']);
    expect(received.body).not.toContain('sealed');
    expect(received.headers['webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('filters by agency, event type and scope: another agency\'s events only reach a subscription made with agencies:all', async () => {
    const own = await subscribe(permitsOffice, '/own');
    const other = await subscribe(healthOffice, '/other');
    const city = await subscribe(cityWide, '/city', ['permits.*']);
    const streamId = `permit-${randomUUID()}`;
    await publish('permits', [event(streamId, 1, 'ApplicationSubmitted', 'dinkes'), event(streamId, 2, 'ApplicationApproved', 'dinkes')]);
    await eventually(() => receiver.on('/city').length === 2 && receiver.on('/other').length === 1, 10_000, 20);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(verified(city.secret, '/city').map((payload) => payload.type)).toEqual(['permits.ApplicationSubmitted', 'permits.ApplicationApproved']);
    expect(verified(other.secret, '/other').map((payload) => payload.data.agencyId)).toEqual(['dinkes']);
    expect(receiver.on('/own').filter((entry) => entry.body.includes(streamId))).toHaveLength(0);
    expect(own.allAgencies).toBe(false);
    const refusal = await subscriptions.create(permitsOffice, { url: receiver.url('/x'), eventTypes: ['complaints.ComplaintRouted'] }, new Date()).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProblemException);
    expect((refusal as ProblemException).problem).toMatchObject({ status: 400, code: 'WEBHOOK_SUBSCRIPTION.EVENT_TYPE_NOT_PERMITTED', errors: [{ field: 'eventTypes' }] });
    await expect(subscriptions.get(healthOffice, own.subscriptionId)).rejects.toMatchObject({ problem: { status: 404 } });
  });

  it('keeps the order of each stream: a delivery refused once holds back the later events of its stream, not those of another', async () => {
    const subscription = await subscribe(permitsOffice, '/order', ['permits.*']);
    const [slow, fast] = [`permit-${randomUUID()}`, `permit-${randomUUID()}`];
    const refusedOnce = new Set<string>();
    receiver.answer = (request) => {
      if (request.path !== '/order' || !request.body.includes(`"streamId":"${slow}","streamVersion":3`) || refusedOnce.has('done')) return 204;
      refusedOnce.add('done');
      return 503;
    };
    const events = Array.from({ length: 8 }, (_, index) => [event(slow, index + 1, 'ApplicationUpdated'), event(fast, index + 1, 'ApplicationUpdated')]).flat();
    await publish('permits', events);
    await eventually(() => receiver.on('/order').length === 16, 20_000, 50);
    receiver.answer = () => 204;
    const payloads = verified(subscription.secret, '/order');
    for (const streamId of [slow, fast]) expect(payloads.filter((payload) => payload.data.streamId === streamId).map((payload) => payload.data.streamVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const lastOf = (streamId: string) => receiver.on('/order').findIndex((entry) => entry.body.includes(`"streamId":"${streamId}","streamVersion":8`));
    expect(lastOf(fast)).toBeLessThan(lastOf(slow));
    const log = await subscriptions.deliveries(permitsOffice, subscription.subscriptionId, undefined, null, 100);
    expect(log.items.find((item) => item.attempts === 2)).toMatchObject({ status: 'delivered', lastStatusCode: 204 });
  });

  it('retries after the receiver\'s downtime and delivers every event it missed, in order', async () => {
    const subscription = await subscribe(permitsOffice, '/downtime');
    await receiver.stop();
    const streamId = `permit-${randomUUID()}`;
    const events = [1, 2, 3].map((version) => event(`${streamId}-${version}`, 1));
    await publish('permits', events);
    await eventually(async () => (await subscriptions.deliveries(permitsOffice, subscription.subscriptionId, 'pending', null, 10)).items.filter((item) => item.attempts >= 2).length === 3, 15_000, 100);
    const pending = await subscriptions.deliveries(permitsOffice, subscription.subscriptionId, 'pending', null, 10);
    expect(pending.items[0].lastError).toMatch(/connection failed/);
    await receiver.start();
    await eventually(() => receiver.on('/downtime').length === 3, 15_000, 50);
    expect(verified(subscription.secret, '/downtime').map((payload) => payload.data.streamId).sort()).toEqual(events.map((e) => e.streamId).sort());
  });

  it('loses no delivery across a restart of the webhook service: queued ones and those published while it was down arrive, in order', async () => {
    const subscription = await subscribe(permitsOffice, '/restart', ['permits.*']);
    const streamId = `permit-${randomUUID()}`;
    await receiver.stop();
    await publish('permits', [1, 2].map((version) => event(streamId, version, 'ApplicationUpdated')));
    await eventually(async () => (await subscriptions.deliveries(permitsOffice, subscription.subscriptionId, 'pending', null, 10)).items.length === 2, 10_000, 50);
    await app?.close();
    await publish('permits', [3, 4].map((version) => event(streamId, version, 'ApplicationUpdated')));
    await receiver.start();
    await startService();
    await eventually(() => receiver.on('/restart').length === 4, 20_000, 50);
    expect(verified(subscription.secret, '/restart').map((payload) => payload.data.streamVersion)).toEqual([1, 2, 3, 4]);
  });

  it('never lets a hanging endpoint delay another subscriber', async () => {
    const hanging = new Receiver();
    hanging.hang = true;
    await hanging.start();
    try {
      await subscriptions.create(permitsOffice, { url: hanging.url('/hang'), eventTypes: ['permits.ApplicationSubmitted'] }, new Date());
      await subscribe(permitsOffice, '/healthy');
      const published = await publish('permits', Array.from({ length: 5 }, () => event(`permit-${randomUUID()}`, 1)));
      await eventually(() => receiver.on('/healthy').length === 5, 10_000, 20);
      expect(Math.max(...receiver.on('/healthy').map((entry) => entry.at)) - published).toBeLessThan(1_000);
    } finally {
      await hanging.stop();
    }
  });

  it('signs with both secrets during a rotation\'s overlap, and redelivers a delivery with the same webhook-id', async () => {
    const subscription = await subscribe(permitsOffice, '/rotate');
    await subscriptions.rotateSecret(permitsOffice, subscription.subscriptionId, 3600, undefined, new Date());
    const { secret: next } = await subscriptions.secret(permitsOffice, subscription.subscriptionId);
    expect(next).not.toBe(subscription.secret);
    await publish('permits', [event(`permit-${randomUUID()}`, 1)]);
    await eventually(() => receiver.on('/rotate').length === 1, 10_000, 20);
    expect(verified(subscription.secret, '/rotate')).toHaveLength(1);
    expect(verified(next, '/rotate')).toHaveLength(1);
    // The receiver answered before the worker recorded the answer.
    await eventually(async () => (await subscriptions.deliveries(permitsOffice, subscription.subscriptionId, 'delivered', null, 10)).items.length === 1, 5_000, 20);
    const [delivery] = (await subscriptions.deliveries(permitsOffice, subscription.subscriptionId, 'delivered', null, 10)).items;
    await subscriptions.redeliver(permitsOffice, subscription.subscriptionId, delivery.deliveryId);
    await eventually(() => receiver.on('/rotate').length === 2, 10_000, 20);
    expect(receiver.on('/rotate').map((entry) => entry.headers['webhook-id'])).toEqual([delivery.deliveryId, delivery.deliveryId]);
  });

  it('fails a delivery still refused 24 hours after its first attempt, and disables the subscription after failed deliveries in a row', async () => {
    const { DataSource } = await import('typeorm');
    const dead = new Receiver();
    await dead.start();
    await dead.stop();
    const created = await subscriptions.create(permitsOffice, { url: dead.url('/dead'), eventTypes: ['permits.*'] }, new Date());
    await publish('permits', [event(`permit-${randomUUID()}`, 1, 'ApplicationUpdated'), event(`permit-${randomUUID()}`, 1, 'ApplicationUpdated')]);
    await eventually(async () => (await subscriptions.deliveries(permitsOffice, created.subscriptionId, 'pending', null, 10)).items.filter((item) => item.attempts >= 1).length === 2, 10_000, 50);
    // A day has passed since the first attempts.
    await app!.get(DataSource).query(`UPDATE webhook_deliveries SET first_attempt_at = now() - interval '25 hours' WHERE subscription_id = $1`, [created.subscriptionId]);
    await eventually(async () => (await subscriptions.deliveries(permitsOffice, created.subscriptionId, 'failed', null, 10)).items.length === 2, 10_000, 50);
    expect(await subscriptions.get(permitsOffice, created.subscriptionId)).toMatchObject({ status: 'disabled', disabledReason: 'failing', failuresInRow: 2 });
  });

  it('prunes delivered and failed deliveries past the retention from the log, never a pending one', async () => {
    const { DataSource } = await import('typeorm');
    const { DeliveryWorker, DELIVERY_LOG_RETENTION_DAYS } = await import('./delivery-worker');
    const subscription = await subscribe(permitsOffice, '/prune', ['permits.*']);
    await publish('permits', [event(`permit-${randomUUID()}`, 1, 'ApplicationUpdated'), event(`permit-${randomUUID()}`, 1, 'ApplicationUpdated')]);
    await eventually(async () => (await subscriptions.deliveries(permitsOffice, subscription.subscriptionId, 'delivered', null, 10)).items.length === 2, 10_000, 50);
    const dataSource = app!.get(DataSource);
    const old = `now() - interval '${DELIVERY_LOG_RETENTION_DAYS + 1} days'`;
    await dataSource.query(`UPDATE webhook_deliveries SET created_at = ${old} WHERE subscription_id = $1`, [subscription.subscriptionId]);
    await dataSource.query(`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now() + interval '1 day' WHERE delivery_id = (SELECT delivery_id FROM webhook_deliveries WHERE subscription_id = $1 LIMIT 1)`, [subscription.subscriptionId]);
    expect(await app!.get(DeliveryWorker).pruneLog()).toBeGreaterThanOrEqual(1);
    expect((await subscriptions.deliveries(permitsOffice, subscription.subscriptionId, undefined, null, 10)).items.map((item) => item.status)).toEqual(['pending']);
  });

  it('refuses endpoints at internal addresses when writing them and again when delivering', async () => {
    await expect(subscriptions.create(permitsOffice, { url: 'https://169.254.169.254/latest', eventTypes: ['permits.*'] }, new Date())).rejects.toMatchObject({ problem: { status: 400, errors: [{ field: 'url' }] } });
    const answer = await postPinned(new URL(receiver.url('/never')), {}, '{}', { allowLoopback: false }, 1_000);
    expect(answer).toEqual({ ok: false, statusCode: null, error: expect.stringContaining('loopback') });
    expect(receiver.on('/never')).toHaveLength(0);
  });
});
