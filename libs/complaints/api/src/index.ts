export * from './complaint-requests.dto';
export * from './complaint-responses.dto';
export * from './survey.dto';
export * from './public-timeline.dto';
