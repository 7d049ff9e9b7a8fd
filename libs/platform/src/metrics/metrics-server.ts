import { createServer, Server } from 'node:http';
import { PlatformMetrics } from './platform-metrics';

/**
 * GET /metrics on a port of its own (METRICS_PORT). The API port is what the
 * gateway and the Ingress reach; this one is reachable only where the network
 * allows it (in Kubernetes: from the monitoring namespace), so it needs no token.
 */
export function startMetricsServer(metrics: PlatformMetrics, port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    metrics.render().then(
      ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
