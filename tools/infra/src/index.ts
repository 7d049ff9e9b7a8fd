// What tests may import. The embedded PostgreSQL launcher is left out on
// purpose: its package is ESM-only and is used by the CLI alone.
export * from './errors';
export * from './kafka-broker';
export * from './dedicated-kafka';
