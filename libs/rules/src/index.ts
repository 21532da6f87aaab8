// One home for every rule (docs/architecture.md "Where each rule lives"): pure and workflow-safe.
export * from './roles';
export * from './clocks';
export * from './kinds';
export * from './jurisdiction';
export * from './failures';
export * from './key-persons';
export * from './personal-data';
export * from './geo/point-in-boundary';
export * from './attachments/attachments';
export * from './attachments/attachments.failures';
