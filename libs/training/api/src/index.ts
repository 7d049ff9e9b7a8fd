export * from './training-requests.dto';
export * from './training-responses.dto';
