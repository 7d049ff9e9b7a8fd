export * from './metrics.dto';
export * from './agencies.dto';
