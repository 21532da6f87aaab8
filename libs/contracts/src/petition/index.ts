export * from './petition-steps';
export * from './petition-actions';
export * from './petition-file';
