export { actionUpdates, judicialConfirmationSignal, stateQuery, STAGES_V2 } from './dispute-path.workflow';
export { allowedActions } from './allowed-actions';
/** Absolute path of the bundle entry, for workers that bundle from source. */
export const disputePathWorkflowsPath = require.resolve('./workflows');
