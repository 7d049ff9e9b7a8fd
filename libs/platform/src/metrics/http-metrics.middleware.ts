import type { FastifyReply, FastifyRequest } from 'fastify';
import { PlatformMetrics } from './platform-metrics';

/**
 * Counts and times every answered request by method, route pattern and status (unmatched paths share one label):
 * a Fastify onResponse hook, timed from the request's arrival.
 */
export function httpMetricsHook(metrics: PlatformMetrics) {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const route = request.is404 ? undefined : request.routeOptions.url;
    metrics.observeHttp(request.method, route ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  };
}
