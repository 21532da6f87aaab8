import { LEGAL_AID_ACTIONS, WorkflowTypes } from '@fengqiao/contracts';
import { kindModule } from '@fengqiao/rules';
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

  // Until the legal-aid kind declares this process (libs/rules legal-aid.kind.ts) it runs the generic one.
  const kind = kindModule('legal-aid');
  const declared = kind?.process.workflowType === WorkflowTypes.legalAidProcess;
  (declared ? it : it.skip)('is the process the legal-aid kind declares, with an update for each of its actions', () => {
    expect(kind!.process).toMatchObject({ idPrefix: 'legal-aid', workflowPackage: '@fengqiao/workflow-legal-aid' });
    expect(Object.keys(kind!.actions).sort()).toEqual(Object.keys(legalAidUpdates).sort());
  });

  it('points workers that bundle from source at the bundle entry', () => {
    expect(workflowsPath).toMatch(/[\\/]workflows\.(ts|js)$/);
  });
});
