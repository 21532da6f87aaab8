import { KeyPersonQueries, KeyPersonSignals, WorkflowTypes } from '@fengqiao/contracts';
import { keyPersonSignals, stateQuery, workflowsPath } from './index';
import * as bundleEntry from './workflows';

// The key-persons service and the orchestrator's Schedule reach these by name only.
describe('key-person supervision bundle entry', () => {
  it('exports both workflows under the type names the contracts declare', () => {
    expect(typeof (bundleEntry as Record<string, unknown>)[WorkflowTypes.keyPersonSupervision]).toBe('function');
    expect(typeof (bundleEntry as Record<string, unknown>)[WorkflowTypes.keyPersonPurge]).toBe('function');
    expect(workflowsPath).toMatch(/[\\/]workflows\.(ts|js)$/);
  });

  it('names the query and every signal as the contracts do', () => {
    expect(stateQuery.name).toBe(KeyPersonQueries.state);
    expect(Object.fromEntries(Object.entries(keyPersonSignals).map(([k, s]) => [k, s.name]))).toEqual(KeyPersonSignals);
  });
});
