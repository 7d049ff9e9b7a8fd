import { deleteEvent, Query, recomputeUnkeyedChain } from '@palembang/events/testing';
import { Client } from 'pg';
import { underReview } from '../../testing/applications';
import { call, Caller, PermitsPlatform, startPermitsPlatform } from '../../testing/platform';

/**
 * Tamper evidence against a database writer, on the real processes: whoever
 * holds the permits database's credentials edits or removes events and
 * recomputes the SHA-256 chain and the head, as the hash algorithm is public.
 * The audit endpoint still names the change: the MACs need EVENT_CHAIN_KEY.
 */
describe('a permit stream altered in the database by someone who recomputed its hash chain', () => {
  let platform: PermitsPlatform;
  let agency: Caller;
  let database: Client;
  const writer: Query = async (sql, parameters) => (await database.query(sql, parameters)).rows;
  const verify = (id: string) => call(platform.permits.baseUrl, platform.admin, 'GET', `/v1/audit/streams/permit-application-${id}/verify`);

  beforeAll(async () => {
    platform = await startPermitsPlatform();
    agency = await platform.client('dinas-pariwisata', ['permits:read', 'permits:write']);
    database = new Client({ connectionString: platform.permits.databaseUrl });
    await database.connect();
  }, 120_000);

  afterAll(async () => {
    await database?.end();
    await platform?.stop();
  });

  it('is named at the edited event', async () => {
    const id = await underReview(platform.permits.baseUrl, agency);
    const streamId = `permit-application-${id}`;
    expect((await verify(id)).body).toEqual({ intact: true, streamId, events: 3 });

    await writer(`UPDATE es_events SET data = data || '{"documents": ["nib"]}' WHERE stream_id = $1 AND stream_version = 1`, [streamId]);
    await recomputeUnkeyedChain(writer, streamId);

    const answer = await verify(id);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ intact: false, streamId, firstAlteredVersion: 1, reason: 'its content does not match its keyed MAC' });
  });

  it('is named after its last remaining event when trailing events were removed and the head moved back', async () => {
    const id = await underReview(platform.permits.baseUrl, agency);
    const streamId = `permit-application-${id}`;
    await deleteEvent(writer, streamId, 3);
    await recomputeUnkeyedChain(writer, streamId);

    expect((await verify(id)).body).toMatchObject({ intact: false, streamId, firstAlteredVersion: 3 });
  });
});
