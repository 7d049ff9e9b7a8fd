export * from './metrics.dto';
