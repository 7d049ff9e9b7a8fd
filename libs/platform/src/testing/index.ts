export * from './service-process';
export * from './service-behaviour';
