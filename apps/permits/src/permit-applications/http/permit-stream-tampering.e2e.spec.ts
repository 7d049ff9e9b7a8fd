import { deleteEvent, Query, recomputeUnkeyedChain, stripKeyedLinks } from '@palembang/events/testing';
import { runService, RunningService, startService, testEventChainKey } from '@palembang/platform/testing';
import { randomBytes } from 'node:crypto';
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

  const restart = () =>
    startService('permits', { DATABASE_URL: platform.permits.databaseUrl, GATEWAY_URL: platform.gateway.baseUrl, DEADLINE_CHECK_INTERVAL_MS: '0' });
  const stripEveryStream = async () => {
    const streams: Array<{ stream_id: string }> = await writer(`SELECT stream_id FROM es_streams`);
    for (const { stream_id } of streams) await stripKeyedLinks(writer, stream_id);
  };

  it('stays named after a restart when the editor also stripped every MAC in the database, so that it looks stored before the chain was keyed', async () => {
    const id = await underReview(platform.permits.baseUrl, agency);
    const streamId = `permit-application-${id}`;
    await writer(`UPDATE es_events SET data = data || '{"documents": ["nib"]}' WHERE stream_id = $1 AND stream_version = 1`, [streamId]);
    await recomputeUnkeyedChain(writer, streamId);
    await stripEveryStream();

    const restarted: RunningService = await restart();
    await restarted.terminate();

    expect((await verify(id)).body).toMatchObject({ intact: false, streamId, firstAlteredVersion: 1, reason: 'it carries no keyed MAC' });
    expect(restarted.output()).toMatch(/\d+ event\(s\) in \d+ stream\(s\) carry no keyed MAC, so they are not anchored/);
  }, 60_000);

  it('from before the chain was keyed stays unanchored across restarts until the operator keys it once, and a MAC stripped after that stays named', async () => {
    const [legacy, later] = [await underReview(platform.permits.baseUrl, agency), await underReview(platform.permits.baseUrl, agency)];
    await stripEveryStream(); // the database as the unkeyed version left it

    const upgraded: RunningService = await restart();
    await upgraded.terminate();
    expect(upgraded.output()).toContain('node main.js migrate --key-legacy-streams');
    expect(upgraded.output()).not.toContain('legacy streams keyed');
    expect((await verify(legacy)).body).toMatchObject({ intact: false, firstAlteredVersion: 1, reason: 'it carries no keyed MAC' });

    const step = await runService('permits', operatorEnv(), ['migrate', '--key-legacy-streams']);
    expect(step).toMatchObject({ code: 0, output: expect.stringMatching(/legacy streams keyed: [1-9]\d* event\(s\) of [1-9]\d* stream\(s\)/) });
    expect((await verify(legacy)).body).toMatchObject({ intact: true, events: 3 });
    const again = await runService('permits', operatorEnv(), ['migrate', '--key-legacy-streams']);
    expect(again).toMatchObject({ code: 0, output: expect.stringContaining('legacy streams keyed: 0 event(s) of 0 stream(s)') });

    await stripKeyedLinks(writer, `permit-application-${later}`);
    const next: RunningService = await restart();
    await next.terminate();
    expect(next.output()).toContain('3 event(s) in 1 stream(s) carry no keyed MAC');
    expect((await verify(later)).body).toMatchObject({ intact: false, firstAlteredVersion: 1, reason: 'it carries no keyed MAC' });
  }, 90_000);

  it('once the database holds keyed streams, the keying step signs nothing, not even a stream edited and stripped completely, and exits 65', async () => {
    const id = await underReview(platform.permits.baseUrl, agency);
    const streamId = `permit-application-${id}`;
    await writer(`UPDATE es_events SET data = data || '{"documents": ["nib"]}' WHERE stream_id = $1 AND stream_version = 1`, [streamId]);
    await recomputeUnkeyedChain(writer, streamId);
    await stripKeyedLinks(writer, streamId); // every MAC of the stream and its head MAC: it looks stored before the upgrade

    const restarted: RunningService = await restart();
    await restarted.terminate();
    expect(restarted.output()).toContain('the chain is keyed already, so they cannot be keyed any more');
    expect(restarted.output()).not.toContain('--key-legacy-streams');

    const step = await runService('permits', operatorEnv(), ['migrate', '--key-legacy-streams']);
    expect(step).toMatchObject({ code: 65, output: expect.stringContaining('legacy streams keyed: 0 event(s) of 0 stream(s)') });
    expect(step.output).toMatch(new RegExp(`not keyed, the database already holds keyed MACs.*${streamId}`));
    expect((await verify(id)).body).toMatchObject({ intact: false, streamId, firstAlteredVersion: 1, reason: 'it carries no keyed MAC' });
  }, 60_000);

  it('the keying step needs the chain key (exit 78 naming it) and takes no other flag (exit 64)', async () => {
    const withoutKey = await runService('permits', { ...operatorEnv(), EVENT_CHAIN_KEY: undefined }, ['migrate', '--key-legacy-streams']);
    expect(withoutKey).toMatchObject({ code: 78, output: expect.stringContaining('EVENT_CHAIN_KEY is required but not set') });
    const unknown = await runService('permits', operatorEnv(), ['migrate', '--key-every-stream']);
    expect(unknown).toMatchObject({ code: 64, output: expect.stringContaining('usage: node main.js [migrate [--key-legacy-streams] | openapi]') });
  }, 60_000);

  /** What the operator's one-off step runs with: the service's own configuration, EVENT_CHAIN_KEY included. */
  const operatorEnv = () => ({
    PORT: '1',
    DATABASE_URL: platform.permits.databaseUrl,
    GATEWAY_URL: platform.gateway.baseUrl,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    PERSONAL_DATA_KEY: randomBytes(32).toString('base64'),
    EVENT_CHAIN_KEY: testEventChainKey(),
  });
});
