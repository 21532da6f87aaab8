export * from './subjects';
export * from './workflows';
export * from './problems/problem';
export * from './problems/zod-errors';
// Importing contracts installs the bilingual zod messages (a side effect, on purpose).
export * from './problems/zod-messages';
export * from './cases/case.schema';
export * from './cases/case.view';
export * from './events/cloud-event';
export * from './messaging/caller';
export * from './dispute';
export * from './petition';
export * from './stats/stats';
export * from './reports/reports';
export * from './board/board';
export * from './supervision/supervision';
export * from './mediation/roster';
export * from './org-tree/org-tree';
