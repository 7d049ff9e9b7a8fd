import type { NextFunction, Request, Response } from 'express';
import { PlatformMetrics } from './platform-metrics';

/** Counts and times every answered request by method, route pattern and status (unmatched paths share one label). */
export function httpMetricsMiddleware(metrics: PlatformMetrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const route = (request.route as { path?: unknown } | undefined)?.path;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeHttp(request.method, typeof route === 'string' ? `${request.baseUrl}${route}` : 'unmatched', response.statusCode, seconds);
    });
    next();
  };
}
