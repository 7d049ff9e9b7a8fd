export * from './shared/rules';
export * from './program/program';
export * from './program/program.decide';
export * from './cohort/cohort';
export * from './cohort/cohort.decide';
export * from './development/development';
export * from './development/development.decide';
export * from './development/development-record';
export * from './development/credit-sources';
export * from './development/credit-year';
export * from './civil-servant/civil-servant';
export * from './partners/partner';
export * from './partners/partner.decide';
export * from './partners/internship';
export * from './partners/research';
export * from './recommendation/service-performance';
export * from './recommendation/programs-for';
export * from './recommendation/training-recommendation';
export * from './training.contracts';
export * from './training-command';
// The sample catalogue and partners stay public (the public-API contract spec names them); the command
// fixtures are at @palembang/training-domain/testing.
export * from './fixtures/palembang-catalogue';
export * from './fixtures/palembang-partners';
