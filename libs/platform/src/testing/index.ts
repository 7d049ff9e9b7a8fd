export * from './service-process';
export * from './service-behaviour';
export * from './oauth-client';
export * from './permits-behind-gateway';
export * from './free-port';
export * from './browser';
export * from './validate-openapi';
export * from './calendar';
