export * from './service-config';
export * from './health.controller';
export * from './platform.module';
export * from './bootstrap';
export * from './tokens';
export * from './event-sourcing.module';
export * from './event-consumer.transport';
export * from './gateway-auth-config';
