import { WorkflowTypes } from '@fengqiao/contracts';
import { disputePathWorkflowsPath, stateQuery } from './index';
import * as bundleEntry from './workflows';

// Starters and readers reach the workflow by name only; a rename here would break them at run time.
describe('dispute-path bundle entry', () => {
  // Other kinds' processes (caseHandling) live in their own packages; the orchestrator bundles them together.
  it('exports the dispute workflow under the type name the orchestrator starts', () => {
    expect(typeof (bundleEntry as Record<string, unknown>)[WorkflowTypes.disputePath]).toBe('function');
  });

  it('names the state query "state", the name the gateway queries', () => {
    expect(stateQuery.name).toBe('state');
  });

  it('points workers that bundle from source at the bundle entry', () => {
    expect(disputePathWorkflowsPath).toMatch(/[\\/]workflows\.(ts|js)$/);
  });
});
