export * from './petition-steps';
