export * from './key-person.cadence';
export * from './key-person.assessment';
export * from './key-person.access';
