import { randomUUID } from 'node:crypto';
import { IncomingMessage, KafkaSubscription, TOPICS } from '@palembang/events';
import { eventually, kafkaConnection } from '@palembang/events/testing';
import { applicantNamed, submission, submit } from '../../testing/applications';
import { call, Caller, PermitsPlatform, startPermitsPlatform } from '../../testing/platform';

describe('permit application events on Kafka (real processes, PostgreSQL and Kafka)', () => {
  let platform: PermitsPlatform;
  let agency: Caller;

  beforeAll(async () => {
    platform = await startPermitsPlatform();
    agency = await platform.client('dinas-pariwisata', ['permits:read', 'permits:write']);
  }, 120_000);

  afterAll(() => platform?.stop());

  it('reach permits.events in stream order, keyed by the stream, with the applicant sealed', async () => {
    const applicant = applicantNamed('Rahmat Hidayat');
    const submitted = await submit(platform.permits.baseUrl, agency, submission({ applicant }));
    expect(submitted.status).toBe(201);
    const id = submitted.body.applicationId as string;
    for (const [action, body] of [['verify', undefined], ['start-review', { officerId: 'officer-2' }], ['approve', {}], ['issue', { permitNumber: '503/TDUP/0099/2026' }]] as const) {
      expect((await call(platform.permits.baseUrl, agency, 'POST', `/v1/permit-applications/${id}/${action}`, { body })).status).toBe(200);
    }

    const streamId = `permit-application-${id}`;
    const received: IncomingMessage[] = [];
    const subscription = new KafkaSubscription(kafkaConnection(), { groupId: `events-e2e-${randomUUID()}`, topics: [TOPICS.permits] });
    await subscription.start(async (batch) => {
      received.push(...batch.messages.filter((message) => message.key === streamId));
      await batch.commit(batch.messages[batch.messages.length - 1].offset);
    });
    try {
      await eventually(() => received.length >= 5, 60_000);
    } finally {
      await subscription.stop();
    }

    const envelopes = received.map((message) => JSON.parse(message.value!.toString()) as { type: string; streamVersion: number; agencyId: string });
    expect(envelopes.map((envelope) => [envelope.streamVersion, envelope.type])).toEqual([
      [1, 'ApplicationSubmitted'],
      [2, 'ApplicationVerified'],
      [3, 'ReviewStarted'],
      [4, 'ApplicationApproved'],
      [5, 'PermitIssued'],
    ]);
    expect(new Set(received.map((message) => message.partition)).size).toBe(1);
    expect(envelopes.every((envelope) => envelope.agencyId === 'dinas-pariwisata')).toBe(true);
    const wire = received.map((message) => message.value!.toString()).join('\n');
    for (const personal of [applicant.nik, applicant.name, applicant.phone, applicant.email, applicant.address]) expect(wire).not.toContain(personal);
  }, 120_000);
});
