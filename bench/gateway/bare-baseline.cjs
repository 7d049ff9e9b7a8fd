// The benchmark's baseline: a bare Fastify route doing one raw INSERT of the
// request body. Its own process, like the services it is compared with, so it
// does not share a thread with the load generator. Prints its URL when ready.
const Fastify = require('fastify');
const { Pool } = require('pg');

async function main() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  await pool.query('CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial PRIMARY KEY, body jsonb NOT NULL)');
  const app = Fastify({ logger: false });
  app.post('/insert', async (request, reply) => {
    const rows = await pool.query('INSERT INTO bench_baseline (body) VALUES ($1) RETURNING id', [JSON.stringify(request.body)]);
    return reply.code(201).send({ id: rows.rows[0].id });
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${address}/insert\n`);
  process.once('SIGTERM', () => app.close().then(() => pool.end()).then(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
