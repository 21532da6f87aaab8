export * from './petition-steps';
export * from './petition-file';
