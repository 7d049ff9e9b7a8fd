export * from './service-process';
export * from './service-behaviour';
export * from './oauth-client';
