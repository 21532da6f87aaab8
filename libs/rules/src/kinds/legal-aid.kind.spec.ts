import { LEGAL_AID_ACTIONS, LEGAL_AID_STATUSES, LegalAidClocks, LegalAidSteps, WorkflowTypes, type CaseClock } from '@fengqiao/contracts';
import { Roles } from '../roles';
import { assessEligibility } from './legal-aid.eligibility';
import { legalAidKind } from './legal-aid.kind';
import { actionRoles, caseKindModules, caseWorkflowId, kindModule } from './registry';

const clock = (id: string): CaseClock => ({ id, kind: id, owner: 'legal-aid', orgUnit: '621102', counts: true }) as unknown as CaseClock;
const view = (status: string, extra: Record<string, unknown> = {}) => ({ status, joint: false, feedbackRecorded: false, clocks: [], ...extra }) as never;

describe('the legal-aid kind', () => {
  it('is registered with its own process, not the generic one', () => {
    expect(kindModule('legal-aid')).toBe(legalAidKind);
    expect(legalAidKind.process).toEqual({
      workflowType: WorkflowTypes.legalAidProcess,
      idPrefix: 'legal-aid',
      workflowPackage: '@fengqiao/workflow-legal-aid',
    });
    expect(caseWorkflowId(legalAidKind, '20260610-0001')).toBe('legal-aid-20260610-0001');
    expect(legalAidKind.statuses).toEqual(LEGAL_AID_STATUSES);
    expect(legalAidKind.demo).toEqual({ share: 0.02, titles: ['法律援助申请：追讨劳动报酬', '法律援助申请：赡养费'] });
  });

  it('declares every action of the process, each citing its rule in both languages', () => {
    expect(Object.keys(legalAidKind.actions).sort()).toEqual([...LEGAL_AID_ACTIONS].sort());
    for (const spec of Object.values(legalAidKind.actions)) {
      expect(spec.label.zh && spec.label.en && spec.description.zh && spec.description.en).toBeTruthy();
      expect(spec.roles.length).toBeGreaterThan(0);
    }
  });

  it('gives each action the roles of the design', () => {
    const roles = Object.fromEntries(Object.entries(legalAidKind.actions).map(([a, s]) => [a, [...s.roles].sort()]));
    const officers = [Roles.leader, Roles.legalAidOfficer].sort();
    const applicant = [Roles.clerk, Roles.legalAidOfficer, Roles.resident].sort();
    const provider = [Roles.legalAidOfficer, Roles.legalAidProvider].sort();
    expect(roles).toEqual({
      apply: [...applicant, Roles.leader].sort(),
      'request-materials': officers,
      'supply-materials': applicant,
      'advance-aid': officers,
      grant: officers,
      refuse: officers,
      withdraw: applicant,
      assign: officers,
      'court-filed': provider,
      terminate: officers,
      object: applicant,
      'decide-objection': [Roles.leader],
      'matter-ended': provider,
      'file-closure': provider,
      'review-quality': officers,
      rate: [Roles.clerk, Roles.resident].sort(),
    });
    // Providers reach the action route only through legal aid.
    expect(actionRoles()).toContain(Roles.legalAidProvider);
  });

  it('opens, in each status, only declared actions (the state machine of legal-aid.allowed-actions.ts)', () => {
    for (const status of LEGAL_AID_STATUSES) {
      for (const a of legalAidKind.allowedActions(view(status))) expect(legalAidKind.actions[a]).toBeDefined();
    }
    expect(legalAidKind.allowedActions(view('application'))).toEqual(['apply', 'withdraw']);
    expect(legalAidKind.allowedActions(view('refused', { clocks: [clock(LegalAidClocks.objectionWindow)] }))).toEqual(['object']);
    expect(legalAidKind.allowedActions(view('legal-aid-review', { legalAid: { materialsRequested: true, advanceAid: true, providerId: null } }))).toEqual([
      'grant',
      'refuse',
      'assign',
      'withdraw',
    ]);
  });

  it('counts the application (or notification) as first contact, and its rating', () => {
    expect(legalAidKind.metricSteps).toEqual({
      firstReply: [LegalAidSteps.applied, LegalAidSteps.notified],
      mediated: { types: [], statuses: [] },
      rated: ['rated'],
      closed: ['closed'],
    });
  });

  it("the apply example screens eligible with the demo county's standard", () => {
    const facts = legalAidKind.actions['apply']!.schema.parse(legalAidKind.actions['apply']!.example);
    const standard = {
      id: 's',
      version: 1,
      orgUnit: '621102',
      minimumLivingMonthly: 760,
      multiplier: 2,
      effectiveFrom: '2026-01-01',
      source: '演示数据',
      loadedBy: 'admin',
      loadedAt: '2026-01-01T00:00:00+08:00',
    };
    const a = assessEligibility(facts, standard, '2026-06-10T10:00:00+08:00');
    expect([a.outcome, a.economic, a.advanceAidGrounds]).toEqual(['eligible', 'exempt', ['urgent-preservation']]);
  });
});

describe('every kind’s declared examples', () => {
  const declared = caseKindModules().flatMap((m) => Object.entries(m.actions).map(([action, spec]) => [m.kind, action, spec] as const));
  it.each(declared)('%s %s: the example is a valid body', (_kind, _action, spec) => {
    const parsed = spec.schema.safeParse(spec.example);
    expect(parsed.success ? null : parsed.error.issues).toBeNull();
  });
});

describe('the deployment settings a legal-aid process takes', () => {
  it('reads the local periods from the environment and ignores what is not a number of days', () => {
    expect(
      legalAidKind.processSettings!({ FQ_LEGAL_AID_CLOSURE_DAYS: '45', FQ_LEGAL_AID_MATERIALS_DAYS: 'x', FQ_LEGAL_AID_OBJECTION_WINDOW_DAYS: '0' }),
    ).toEqual({
      legalAidSettings: { closureDays: 45 },
    });
    expect(legalAidKind.processSettings!({})).toEqual({ legalAidSettings: {} });
  });
});
