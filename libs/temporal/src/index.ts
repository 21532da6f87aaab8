export * from './task-queues';
export * from './temporal-client';
export * from './workflow-bundle';
export * from './runtime-logging';
export * from './encryption.codec';
export * from './data-converter';
export * from './case-process';
export * from './case-kind-modules';
