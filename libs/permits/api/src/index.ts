export * from './permit-application-responses.dto';
