import { LEGAL_AID_ACTIONS, WorkflowTypes } from '@fengqiao/contracts';
import { legalAidUpdates, stateQuery, workflowsPath } from './index';
import * as bundleEntry from './workflows';

// Starters and readers reach the workflow by name only; a rename here would break them at run time.
describe('legal-aid bundle entry', () => {
  it('exports the workflow under the type name the contracts declare', () => {
    expect(typeof (bundleEntry as Record<string, unknown>)[WorkflowTypes.legalAidProcess]).toBe('function');
  });

  it('names the state query "state" and each update like its action', () => {
    expect(stateQuery.name).toBe('state');
    expect(Object.keys(legalAidUpdates).sort()).toEqual([...LEGAL_AID_ACTIONS].sort());
    for (const [action, update] of Object.entries(legalAidUpdates)) expect(update.name).toBe(action);
  });

  it('points workers that bundle from source at the bundle entry', () => {
    expect(workflowsPath).toMatch(/[\\/]workflows\.(ts|js)$/);
  });
});
