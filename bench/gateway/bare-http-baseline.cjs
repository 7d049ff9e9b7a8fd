// The whole-platform benchmark's baseline: a bare node:http route doing one raw
// INSERT of the request body, no framework. Its own process; prints its URL
// when ready.
const http = require('node:http');
const { Pool } = require('pg');

async function main() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  await pool.query('CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial PRIMARY KEY, body jsonb NOT NULL)');
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      pool.query('INSERT INTO bench_baseline (body) VALUES ($1) RETURNING id', [Buffer.concat(chunks).toString('utf8')]).then(
        (rows) => {
          response.writeHead(201, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ id: rows.rows[0].id }));
        },
        () => {
          response.writeHead(500);
          response.end();
        },
      );
    });
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}/insert\n`));
  process.once('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
