export * from './permit-application-responses.dto';
export * from './permit-application-requests.dto';
