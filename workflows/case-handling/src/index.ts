export { caseHandling, genericUpdates, holidaysLoadedSignal, stateQuery } from './case-handling.workflow';
/** Absolute path of the bundle entry, for workers that bundle from source. */
export const workflowsPath = require.resolve('./workflows');
