import { accessToken, TEST_ADMIN } from '@palembang/platform/testing';
import { Client } from 'pg';
import { RunningGateway, startGateway } from '../testing/start-gateway';

/** Calls sent at once; SIGTERM goes once a quarter of them have been answered, so many are still in flight. */
const CALLS = 400;

/**
 * Issue 16 point 6: the call audit is written off the request path, in
 * batches, and a SIGTERM under load loses no entry of a completed call. The
 * compiled gateway is stopped while hundreds of calls are in flight; every
 * call that got an answer, whatever its status, has its row in gateway_audit.
 */
describe('the call audit under SIGTERM', () => {
  let gateway: RunningGateway;
  let db: Client;

  beforeAll(async () => {
    gateway = await startGateway({ GATEWAY_BOOTSTRAP_ADMIN_SECRET: TEST_ADMIN.clientSecret, RATE_LIMIT_PER_MINUTE: '100000' });
    db = new Client({ connectionString: gateway.databaseUrl });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await gateway?.terminate();
  });

  it('keeps the entry of every call answered before, during and after the drain', async () => {
    const token = await accessToken(gateway.baseUrl, TEST_ADMIN);
    let answered = 0;
    let answeredAfterSignal = 0;
    let signalled = false;
    let quarterAnswered: () => void = () => undefined;
    const quarter = new Promise<void>((resolve) => (quarterAnswered = resolve));
    const send = async (index: number): Promise<string | undefined> => {
      const correlationId = `shutdown-${index}`;
      try {
        const response = await fetch(`${gateway.baseUrl}/v1/admin/clients?limit=5`, { headers: { authorization: `Bearer ${token}`, 'x-correlation-id': correlationId } });
        await response.arrayBuffer();
        if (signalled) answeredAfterSignal++;
        if (++answered === CALLS / 4) quarterAnswered();
        return correlationId;
      } catch {
        return undefined; // refused or cut once the gateway stopped taking connections: never answered, so never acknowledged
      }
    };
    const calls = Promise.all(Array.from({ length: CALLS }, (_, index) => send(index)));
    await quarter;
    signalled = true;
    const exit = gateway.terminate();
    const completed = (await calls).filter((id): id is string => id !== undefined);
    expect(await exit).toBe(0);

    expect(completed.length).toBeGreaterThanOrEqual(CALLS / 4);
    expect(answeredAfterSignal).toBeGreaterThan(0);
    const { rows } = await db.query<{ correlation_id: string; status: number }>(`SELECT correlation_id, status FROM gateway_audit WHERE correlation_id LIKE 'shutdown-%'`);
    const audited = new Set(rows.map((row) => row.correlation_id));
    expect(completed.filter((id) => !audited.has(id))).toEqual([]);
    expect(rows.length).toBe(audited.size);
  }, 120_000);
});
