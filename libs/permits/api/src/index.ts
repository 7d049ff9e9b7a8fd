export * from './permit-application-responses.dto';
export * from './permit-application-requests.dto';
export * from './calendar-requests.dto';
export * from './calendar-responses.dto';
export * from './list-applications-query.dto';
export * from './public-timeline.dto';
