import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowStartOptions } from '@temporalio/client';
import type { JsMsg } from 'nats';
import { defaultRoutingRules, resolveRule, type CaseRegisteredData, type CloudEvent, type DisputePathInput } from '@fengqiao/contracts';
import { JsonLogger } from '@fengqiao/observability';
import { createCaseStarter } from './case-starter';

interface Start {
  workflowType: string;
  options: WorkflowStartOptions;
}

/** client.workflow.start recorded; `failWith` makes it throw. */
function fakeClient(failWith?: unknown, existingCaseId?: string) {
  const starts: Start[] = [];
  const client = {
    workflow: {
      start: async (workflowType: string, options: WorkflowStartOptions) => {
        starts.push({ workflowType, options });
        if (failWith !== undefined) throw failWith;
        return { workflowId: options.workflowId };
      },
      // The running workflow's memo names the case it belongs to.
      getHandle: () => ({ describe: async () => ({ status: { name: 'RUNNING' }, memo: { caseId: existingCaseId ?? starts[0]?.options.memo?.['caseId'] } }) }),
    },
  } as unknown as Client;
  return { client, starts };
}

const RULE = { ...resolveRule(defaultRoutingRules(['labour']), 'labour', 'difficult'), yellowAt: 0.8 };

const data = (overrides: Partial<CaseRegisteredData> = {}): CaseRegisteredData => ({
  caseId: '5d6f1c9e-2b1a-4d7e-9c11-0a1b2c3d4e5f',
  caseNo: '621102101-2026-000007',
  kind: 'dispute',
  category: 'neighbour',
  severity: 'ordinary',
  orgUnit: '621102101',
  registeredAt: '2026-11-20T01:30:00.000Z',
  firstReplyDue: '2026-11-23T09:30:00.000Z',
  registeredBy: 'clerk.621102101',
  ...overrides,
});

const message = (d: CaseRegisteredData): JsMsg => {
  const event: CloudEvent<CaseRegisteredData> = {
    specversion: '1.0',
    id: 'evt-1',
    source: '/fengqiao/intake',
    type: 'cn.fengqiao.case.registered.v1',
    subject: d.caseNo,
    time: d.registeredAt,
    datacontenttype: 'application/json',
    data: d,
  };
  return { json: <T>() => event as T } as unknown as JsMsg;
};

function setUp(o: { prefix?: string; failWith?: unknown; existingCaseId?: string } = {}) {
  const lines: string[] = [];
  const { client, starts } = fakeClient(o.failWith, o.existingCaseId);
  const handle = createCaseStarter({ client, logger: new JsonLogger('orchestrator', 'info', (l) => lines.push(l)), prefix: o.prefix });
  return { handle, starts, logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createCaseStarter', () => {
  it('starts disputePath as dispute-<caseNo> on the orchestrator queue with the case as input', async () => {
    const s = setUp();
    await s.handle(message(data({ routing: { ruleVersion: 3, rule: RULE } })));
    expect(s.starts).toHaveLength(1);
    const start = s.starts[0]!;
    expect(start.workflowType).toBe('disputePath');
    expect(start.options).toMatchObject({
      workflowId: 'dispute-621102101-2026-000007',
      taskQueue: 'orchestrator',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
    });
    const expected: DisputePathInput = {
      caseId: '5d6f1c9e-2b1a-4d7e-9c11-0a1b2c3d4e5f',
      caseNo: '621102101-2026-000007',
      orgUnit: '621102101',
      registeredAt: '2026-11-20T01:30:00.000Z',
      registeredBy: 'clerk.621102101',
      firstReplyDue: '2026-11-23T09:30:00.000Z',
      yellowAt: 0.8,
      ruleVersion: 3,
      rule: RULE,
      queuePrefix: undefined,
    };
    expect(start.options.args).toEqual([expected]);
    expect(s.logs()).toEqual([
      expect.objectContaining({
        msg: 'case process started from the event',
        eventId: 'evt-1',
        caseNo: '621102101-2026-000007',
        workflowId: 'dispute-621102101-2026-000007',
      }),
    ]);
  });

  it('gives runs of events from before routing rules the built-in default rule (version 0)', async () => {
    const s = setUp();
    await s.handle(message(data({ severity: 'major' })));
    expect(s.starts[0]!.options.args).toEqual([
      expect.objectContaining({ ruleVersion: 0, rule: expect.objectContaining({ tier: 'joint-handling', severity: 'major' }) }),
    ]);
  });

  it('prefixes the workflow id, the task queue and the queue prefix of the input with a prefix', async () => {
    const s = setUp({ prefix: 't42' });
    await s.handle(message(data()));
    const start = s.starts[0]!;
    expect(start.options.workflowId).toBe('t42.dispute-621102101-2026-000007');
    expect(start.options.taskQueue).toBe('t42.orchestrator');
    expect(start.options.args).toEqual([expect.objectContaining({ queuePrefix: 't42' })]);
  });

  it.each(['consultation', 'complaint', 'hazard'])('starts the generic process of a registered %s case', async (kind) => {
    const s = setUp();
    await s.handle(message(data({ kind, routing: { ruleVersion: 3, rule: RULE } })));
    expect(s.starts.map((x) => [x.workflowType, x.options.workflowId])).toEqual([['caseHandling', `${kind}-621102101-2026-000007`]]);
  });

  it('starts the petition process of a registered petition, id petition-<caseNo>', async () => {
    const s = setUp();
    await s.handle(message(data({ kind: 'petition', routing: { ruleVersion: 3, rule: RULE } })));
    expect(s.starts.map((x) => [x.workflowType, x.options.workflowId])).toEqual([['petitionProcess', 'petition-621102101-2026-000007']]);
  });

  it('starts the legal-aid process of a registered legal-aid case, id legal-aid-<caseNo>', async () => {
    const s = setUp();
    await s.handle(message(data({ kind: 'legal-aid', routing: { ruleVersion: 3, rule: RULE } })));
    expect(s.starts.map((x) => [x.workflowType, x.options.workflowId])).toEqual([['legalAidProcess', 'legal-aid-621102101-2026-000007']]);
  });

  it('starts nothing for a kind nobody declared, and says so', async () => {
    const s = setUp();
    await s.handle(message(data({ kind: 'unknown-kind' })));
    expect(s.starts).toEqual([]);
    expect(s.logs()).toEqual([expect.objectContaining({ level: 'warn', msg: 'no process declared for the case kind' })]);
  });

  it('ignores a dispute of the seeded history (handled in the past, no run)', async () => {
    const s = setUp();
    await expect(s.handle(message(data({ historical: true, routing: { ruleVersion: 1, rule: RULE } })))).resolves.toBeUndefined();
    expect(s.starts).toEqual([]);
  });

  it.each([
    ['dispute', 'disputePath'],
    ['consultation', 'caseHandling'],
    ['petition', 'petitionProcess'],
  ])('starts an open %s case of the seeded history where it stands: resume and its historical registration in the input', async (kind, workflowType) => {
    const s = setUp();
    const resume = {
      status: 'awaiting-feedback' as const,
      seq: 4,
      stageStartedAt: '2026-11-21T02:00:00.000Z',
      outcome: 'resolved-at-first-contact' as const,
      mediator: null,
      feedbackRecorded: true,
    };
    await s.handle(message(data({ kind, resume })));
    expect(s.starts.map((x) => x.workflowType)).toEqual([workflowType]);
    expect(s.starts[0]!.options.args).toEqual([
      expect.objectContaining({ resume, registeredAt: '2026-11-20T01:30:00.000Z', firstReplyDue: '2026-11-23T09:30:00.000Z' }),
    ]);
  });

  it('treats a workflow that already exists as success (a redelivered event)', async () => {
    const s = setUp({ failWith: new WorkflowExecutionAlreadyStartedError('already started', 'dispute-621102101-2026-000007', 'disputePath') });
    await expect(s.handle(message(data()))).resolves.toBeUndefined();
    expect(s.starts).toHaveLength(1);
    expect(s.logs()).toEqual([expect.objectContaining({ msg: 'case process already running', eventId: 'evt-1' })]);
  });

  it('logs an error when the workflow id belongs to another case (a reused case number)', async () => {
    const s = setUp({
      failWith: new WorkflowExecutionAlreadyStartedError('already started', 'dispute-621102101-2026-000007', 'disputePath'),
      existingCaseId: 'another-case',
    });
    await expect(s.handle(message(data()))).resolves.toBeUndefined();
    expect(s.logs()).toEqual([expect.objectContaining({ level: 'error', msg: 'workflow id already used by another case' })]);
  });

  it('rethrows any other error so JetStream redelivers the event', async () => {
    const error = new Error('14 UNAVAILABLE: connection refused');
    const s = setUp({ failWith: error });
    await expect(s.handle(message(data()))).rejects.toBe(error);
    expect(s.logs()).toEqual([]);
  });
});
