export * from './local-date';
export * from './clock';
export * from './working-day-calendar';
export * from './indonesia';
