export * from './event';
export * from './decider';
export * from './decider-specification';
export * from './errors';
export * from './personal-data';
export * from './contracts';
export * from './integration-events';
export * from './contract-table';
