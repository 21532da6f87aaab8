export { closedSignal, hotlineOrderDeadline, stateQuery } from './hotline-order.workflow';
/** Absolute path of the bundle entry, for workers that bundle from source. */
export const workflowsPath = require.resolve('./workflows');
