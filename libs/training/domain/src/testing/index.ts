// Sample data for specifications of the training context, here and in the service: not part of the public API.
export * from '../fixtures/palembang-catalogue';
export * from '../fixtures/palembang-partners';
export * from '../fixtures/training.fixtures';
