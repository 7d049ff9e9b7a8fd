export * from './platform-metrics';
export * from './metrics-server';
export * from './http-metrics.middleware';
