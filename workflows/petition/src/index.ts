export { holidaysLoadedSignal, petitionProcess, petitionUpdates, stateQuery } from './petition.workflow';
export type { PetitionFacts, PetitionState } from './petition-context';
/** Absolute path of the bundle entry, for workers that bundle from source. */
export const workflowsPath = require.resolve('./workflows');
