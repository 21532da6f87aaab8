import { WorkflowTypes } from '@fengqiao/contracts';
import { disputePathWorkflowsPath, stateQuery } from './index';
import * as bundleEntry from './workflows';

// Starters and readers reach the workflow by name only; a rename here would break them at run time.
describe('dispute-path bundle entry', () => {
  it('exports a workflow function for every workflow type the orchestrator starts', () => {
    for (const type of Object.values(WorkflowTypes)) {
      expect(typeof (bundleEntry as Record<string, unknown>)[type]).toBe('function');
    }
  });

  it('names the state query "state", the name the gateway queries', () => {
    expect(stateQuery.name).toBe('state');
  });

  it('points workers that bundle from source at the bundle entry', () => {
    expect(disputePathWorkflowsPath).toMatch(/[\\/]workflows\.(ts|js)$/);
  });
});
