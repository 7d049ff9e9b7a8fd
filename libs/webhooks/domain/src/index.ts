export * from './event-types';
export * from './endpoint-rules';
export * from './signing';
export * from './retry-schedule';
export * from './subscription';
export * from './payload';
