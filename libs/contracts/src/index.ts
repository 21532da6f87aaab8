export * from './subjects';
export * from './workflows';
export * from './problems/problem';
export * from './problems/zod-errors';
export * from './cases/case.schema';
export * from './cases/case.view';
export * from './events/cloud-event';
export * from './messaging/caller';
