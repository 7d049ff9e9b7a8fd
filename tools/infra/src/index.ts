// What tests may import. The embedded PostgreSQL launcher is left out on
// purpose: its package is ESM-only and is used by the CLI alone.
export * from './errors';
export * from './kafka-broker';
export * from './dedicated-kafka';
export * from './kafka-cluster';
// The servers a run starts (one Kafka broker or a cluster, PostgreSQL), with handles to crash and restart them (the chaos run).
export { startInfrastructure } from './infrastructure';
export type { Infrastructure, InfrastructureOptions, PostgresHandle } from './infrastructure';
export * from './supervisor';
// The platform's supervised services, for programs that drive it (the chaos run): pids, restarts, readiness, stop.
export { PLATFORM_SERVICES, startPlatformProcesses } from './platform';
export type { PlatformOptions, PlatformProcesses } from './platform';
