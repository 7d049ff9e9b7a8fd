export * from './identity-numbers';
export * from './contact';
