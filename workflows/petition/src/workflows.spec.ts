import { WorkflowTypes } from '@fengqiao/contracts';
import { kindModule } from '@fengqiao/rules';
import { petitionUpdates, stateQuery, workflowsPath } from './index';
import * as bundleEntry from './workflows';

// Starters and readers reach the workflow by name only; a rename here would break them at run time.
describe('petition bundle entry', () => {
  it('exports the workflow under the type name the petition kind declares', () => {
    expect(kindModule('petition')?.process.workflowType).toBe(WorkflowTypes.petitionProcess);
    expect(typeof (bundleEntry as Record<string, unknown>)[WorkflowTypes.petitionProcess]).toBe('function');
  });

  it('names the state query "state" and each update like its action', () => {
    expect(stateQuery.name).toBe('state');
    expect(Object.keys(petitionUpdates).sort()).toEqual(Object.keys(kindModule('petition')!.actions).sort());
  });

  it('points workers that bundle from source at the bundle entry', () => {
    expect(workflowsPath).toMatch(/[\\/]workflows\.(ts|js)$/);
  });
});
