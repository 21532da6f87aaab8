export {
  HISTORY_LIMIT,
  keyPersonPurge,
  keyPersonSignals,
  keyPersonSupervision,
  stateQuery,
  type KeyPersonSupervisionRunInput,
} from './key-person-supervision.workflow';
export { raisedKey, SupervisionPlan, type SupervisionEffect } from './supervision-plan';
/** Absolute path of the bundle entry, for workers that bundle from source. */
export const workflowsPath = require.resolve('./workflows');
