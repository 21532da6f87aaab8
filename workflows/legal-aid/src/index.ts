export { holidaysLoadedSignal, legalAidProcess, legalAidUpdates, stateQuery } from './legal-aid.workflow';
export type { LegalAidFacts, LegalAidState } from './legal-aid-context';
/** Absolute path of the bundle entry, for workers that bundle from source. */
export const workflowsPath = require.resolve('./workflows');
