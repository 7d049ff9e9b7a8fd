import { KafkaSubscription, TOPICS } from '@palembang/events';
import { eventually, kafkaConnection } from '@palembang/events/testing';
import { ServicesBehindGateway, startBehindGateway } from '@palembang/platform/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { call, Caller, pothole, reporter } from '../testing/complaints';

const ERASED = { erased: true };

/**
 * A complaint's title, description, address and position are the reporter's
 * personal data: sealed under the reporter's key wherever they are kept (event
 * store, Kafka, the complaints view, stored idempotent answers), and gone
 * everywhere once the reporter is forgotten, while the stream still verifies.
 */
describe("a complaint's own text and place as personal data (gateway and complaints processes, real PostgreSQL and Kafka)", () => {
  let platform: ServicesBehindGateway<'complaints'>;
  let portal: Caller;
  let db: Client;
  const url = () => platform.gateway.baseUrl;

  beforeAll(async () => {
    platform = await startBehindGateway(['complaints']);
    portal = { token: await platform.tokenFor('pemkot-palembang', ['complaints:read', 'complaints:write', 'agencies:all']), agencyId: 'pemkot-palembang' };
    db = new Client({ connectionString: platform.services.complaints.databaseUrl });
    await db.connect();
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    expect(await platform?.stop()).toEqual([0, 0]);
  });

  /** A report whose every personal value is unique to this run, so finding one in clear anywhere is unambiguous. */
  function markedReport(anonymous: boolean) {
    const mark = randomUUID().slice(0, 8);
    const body = pothole({
      title: `Jalan amblas depan rumah ${mark}`,
      description: `Saya tinggal di gang ${mark}, anak saya jatuh di lubang ini.`,
      address: `Lorong Sukarami ${mark}, Kemuning`,
      location: { latitude: -2.9612345, longitude: 104.7398765 },
      reporter: reporter({ name: `Siti Aminah ${mark}` }),
      anonymous,
    });
    return { body, secrets: [body.title, body.description, body.address, mark, '2.9612345', '104.7398765'] as string[] };
  }

  const messagesOf = async (streamId: string): Promise<string[]> => {
    const values: string[] = [];
    const subscription = new KafkaSubscription(kafkaConnection(), { groupId: `complaint-pd-${randomUUID()}`, topics: [TOPICS.complaints] });
    await subscription.start(async (batch) => {
      for (const message of batch.messages) if (message.key === streamId && message.value) values.push(message.value.toString());
      await batch.commit(batch.messages[batch.messages.length - 1].offset);
    });
    try {
      await eventually(() => values.length > 0, 60_000);
    } finally {
      await subscription.stop();
    }
    return values;
  };

  const expectNoneOf = (secrets: readonly string[], where: string, text: string) => {
    for (const secret of secrets) expect({ where, found: text.includes(secret) ? secret : null }).toEqual({ where, found: null });
  };

  it.each([false, true])('keeps them sealed at rest and on Kafka, and erases them everywhere when the reporter is forgotten (anonymous: %s)', async (anonymous) => {
    const { body, secrets } = markedReport(anonymous);
    const key = randomUUID();
    const filed = await call(url(), portal, 'POST', '/v1/complaints', { body, headers: { 'idempotency-key': key } });
    expect(filed.status).toBe(201);
    const id = filed.body.complaintId as string;
    const streamId = `complaint-${id}`;

    // At rest: the event, the view row, the stored answer; in flight: the Kafka message.
    const stored = await db.query<{ data: string }>(`SELECT data::text AS data FROM es_events WHERE stream_id = $1`, [streamId]);
    expect(stored.rows).toHaveLength(1);
    expectNoneOf(secrets, 'es_events', stored.rows[0].data);
    const view = await db.query<{ row: string }>(`SELECT row_to_json(v)::text AS row FROM complaints_view v WHERE complaint_id = $1`, [id]);
    expect(view.rows).toHaveLength(1);
    expectNoneOf(secrets, 'complaints_view', view.rows[0].row);
    const answers = await db.query<{ row: string }>(`SELECT row_to_json(k)::text AS row FROM http_idempotency_keys k WHERE idempotency_key = $1`, [key]);
    expect(answers.rows).toHaveLength(1);
    expectNoneOf(secrets, 'http_idempotency_keys', answers.rows[0].row);
    const messages = await messagesOf(streamId);
    expectNoneOf(secrets, 'Kafka', messages.join('\n'));

    // Sealed, not lost: the agencies still read the report.
    const before = await call(url(), portal, 'GET', `/v1/complaints/${id}`);
    expect(before.body).toEqual(expect.objectContaining({ title: body.title, description: body.description, address: body.address, location: body.location }));
    const listed = await call(url(), portal, 'GET', '/v1/complaints?limit=100');
    expect((listed.body.items as Array<{ complaintId: string; title: unknown }>).find((item) => item.complaintId === id)?.title).toBe(body.title);

    const reporterId = (body.reporter as { reporterId: string }).reporterId;
    const forgotten = await call(url(), { token: platform.adminToken, agencyId: 'pemkot-palembang' }, 'POST', `/v1/complaints/reporters/${reporterId}/forget`);
    expect(forgotten.status).toBe(200);
    expect(forgotten.body.erasedKeys).toBe(1);

    const after = await call(url(), portal, 'GET', `/v1/complaints/${id}`);
    expect(after.status).toBe(200);
    expect(after.body).toEqual(expect.objectContaining({ title: ERASED, description: ERASED, address: ERASED, location: ERASED, categoryCode: 'JALAN-RUSAK' }));
    expectNoneOf(secrets, 'detail', JSON.stringify(after.body));
    const relisted = await call(url(), portal, 'GET', '/v1/complaints?limit=100');
    expect((relisted.body.items as Array<{ complaintId: string; title: unknown }>).find((item) => item.complaintId === id)?.title).toEqual(ERASED);
    expectNoneOf(secrets, 'list', JSON.stringify(relisted.body));
    const open311 = await fetch(`${url()}/open311/v2/requests/${id}.json`);
    expect(open311.status).toBe(200);
    expectNoneOf(secrets, 'Open311', await open311.text());

    // A retry of the original request gets the stored answer, which names the complaint and nothing of the report.
    const replay = await call(url(), portal, 'POST', '/v1/complaints', { body, headers: { 'idempotency-key': key } });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.complaintId).toBe(id);
    expectNoneOf(secrets, 'replay', JSON.stringify(replay.body));

    const verified = await call(url(), { token: platform.adminToken, agencyId: 'pemkot-palembang' }, 'GET', `/v1/audit/streams/${streamId}/verify`);
    expect(verified.body).toEqual(expect.objectContaining({ intact: true, events: 1 }));
  }, 120_000);
});
