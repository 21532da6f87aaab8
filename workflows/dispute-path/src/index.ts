export { actionUpdates, judicialConfirmationSignal, stateQuery, STAGES_V2 } from './dispute-path.workflow';

/** Absolute path of the bundle entry, for workers that bundle from source. */
export const disputePathWorkflowsPath = require.resolve('./workflows');
export const workflowsPath = disputePathWorkflowsPath;
