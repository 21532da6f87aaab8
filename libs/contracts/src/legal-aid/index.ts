export * from './eligibility';
export * from './legal-aid-steps';
export * from './legal-aid-actions';
export * from './providers';
export * from './legal-aid-file';
