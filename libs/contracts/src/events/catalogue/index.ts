export * from './event-types';
export * from './data-schemas';
export * from './case-steps';
export * from './catalogue';
