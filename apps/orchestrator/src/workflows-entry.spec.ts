import { WorkflowTypes } from '@fengqiao/contracts';
import { caseKindModules } from '@fengqiao/rules';
import { workflowsPath as hotlineOrderWorkflowsPath } from '@fengqiao/workflow-hotline-order';
import { workflowsPath as keyPersonWorkflowsPath } from '@fengqiao/workflow-key-person-supervision';
import project from '../project.json';
import { hostedWorkflowPaths } from './workflows-entry';

// The orchestrator reaches the kinds' workflow packages by name at run time; Nx must still rebuild it
// when one of them changes, so each package is an implicit dependency of the project.
describe('the workflows the orchestrator hosts', () => {
  it('include the process of every declared kind, each exporting its workflow type', () => {
    for (const k of caseKindModules()) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const entry = require(require(k.process.workflowPackage).workflowsPath) as Record<string, unknown>;
      expect([k.kind, typeof entry[k.process.workflowType]]).toEqual([k.kind, 'function']);
    }
    expect(hostedWorkflowPaths().length).toBeGreaterThanOrEqual(3);
  });

  it('are implicit dependencies of the orchestrator project (Nx rebuilds it when a process changes)', () => {
    const packages = new Set(caseKindModules().map((k) => k.process.workflowPackage.replace('@fengqiao/', '')));
    expect([...packages].filter((p) => !project.implicitDependencies.includes(p))).toEqual([]);
  });

  it('include key-person supervision and the purge the daily Schedule starts', () => {
    expect(hostedWorkflowPaths()).toContain(keyPersonWorkflowsPath);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const entry = require(keyPersonWorkflowsPath) as Record<string, unknown>;
    expect([typeof entry[WorkflowTypes.keyPersonSupervision], typeof entry[WorkflowTypes.keyPersonPurge]]).toEqual(['function', 'function']);
    expect(project.implicitDependencies).toEqual(expect.arrayContaining(['workflow-reports', 'workflow-key-person-supervision']));
  });

  it('include the 12345 order deadline the hotline adapter starts', () => {
    expect(hostedWorkflowPaths()).toContain(hotlineOrderWorkflowsPath);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const entry = require(hotlineOrderWorkflowsPath) as Record<string, unknown>;
    expect(typeof entry[WorkflowTypes.hotlineOrderDeadline]).toBe('function');
    expect(project.implicitDependencies).toContain('workflow-hotline-order');
  });
});
