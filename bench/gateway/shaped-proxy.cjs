// The same-shaped baseline's gateway: a bare Fastify proxy that forwards every
// request, body unparsed, to UPSTREAM_URL over a keep-alive undici pool and
// answers with the upstream's status and body. Its own process; prints its URL
// when ready.
const Fastify = require('fastify');
const { Pool } = require('undici');

async function main() {
  const upstream = new Pool(process.env.UPSTREAM_URL, { connections: 32 });
  const app = Fastify({ logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => done(null, body));
  app.all('/*', async (request, reply) => {
    const answer = await upstream.request({
      method: request.method,
      path: request.url,
      headers: { 'content-type': request.headers['content-type'] ?? 'application/octet-stream', ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}) },
      body: request.body,
    });
    const body = Buffer.from(await answer.body.arrayBuffer());
    return reply.code(answer.statusCode).header('content-type', answer.headers['content-type'] ?? 'application/json').send(body);
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${address}\n`);
  process.once('SIGTERM', () => app.close().then(() => upstream.close()).then(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
