export * from './paging.dto';
export * from './documented-constraints';
export * from './identity-numbers';
export * from './object-rules';
