export * from './actions';
export * from './activities';
export * from './routing-rules';
export * from './workflow-types';
