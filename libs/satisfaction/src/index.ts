export * from './skm/skm-elements';
export * from './skm/respondent-profile';
export * from './skm/ikm';
export * from './survey/survey';
export * from './survey/survey.commands';
export * from './survey/survey.decide';
export * from './survey/survey.contracts';
