// The same-shaped baseline's service: a bare Fastify route that appends one
// event row and its outbox row in one transaction (one statement, so one round
// trip), with plain `pg`. Its own process; prints its URL when ready.
const Fastify = require('fastify');
const { randomUUID } = require('node:crypto');
const { Pool } = require('pg');

const APPEND = `
  WITH event AS (
    INSERT INTO bench_shaped_events (stream_id, version, type, payload) VALUES ($1, 1, 'PermitApplicationSubmitted', $2) RETURNING id
  )
  INSERT INTO bench_shaped_outbox (event_id) SELECT id FROM event RETURNING event_id`;

async function main() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_shaped_events (
    id bigserial PRIMARY KEY, stream_id uuid NOT NULL, version int NOT NULL, type text NOT NULL, payload jsonb NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(), UNIQUE (stream_id, version))`);
  await pool.query('CREATE TABLE IF NOT EXISTS bench_shaped_outbox (event_id bigint PRIMARY KEY REFERENCES bench_shaped_events (id))');
  const app = Fastify({ logger: false });
  app.post('/v1/permit-applications', async (request, reply) => {
    const streamId = randomUUID();
    await pool.query(APPEND, [streamId, JSON.stringify(request.body)]);
    return reply.code(201).send({ id: streamId });
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${address}\n`);
  process.once('SIGTERM', () => app.close().then(() => pool.end()).then(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
