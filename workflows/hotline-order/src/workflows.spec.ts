import { HotlineOrderSignals, WorkflowTypes } from '@fengqiao/contracts';
import { closedSignal, workflowsPath } from './index';
import * as bundleEntry from './workflows';

// The adapter starts and signals the run by name only; the orchestrator hosts it from this entry.
describe('hotline order bundle entry', () => {
  it('exports the deadline run under the type name the contracts declare', () => {
    expect(typeof (bundleEntry as Record<string, unknown>)[WorkflowTypes.hotlineOrderDeadline]).toBe('function');
    expect(workflowsPath).toMatch(/[\\/]workflows\.(ts|js)$/);
  });

  it('names its signal as the contracts do', () => {
    expect(closedSignal.name).toBe(HotlineOrderSignals.closed);
  });
});
