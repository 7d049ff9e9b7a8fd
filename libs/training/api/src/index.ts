export * from './training-values';
export * from './program-requests.dto';
export * from './cohort-requests.dto';
export * from './development-requests.dto';
export * from './partner-requests.dto';
export * from './personal-data-requests.dto';
export * from './training-responses.dto';
