import { applicationFactsSchema, economicStandardSchema, providerInputSchema, type CaseClock, type ProviderView } from '@fengqiao/contracts';
import type { CaseView } from '../api/api.types';
import {
  beijingInstant,
  factsBody,
  inQueue,
  needsDescription,
  nextClock,
  providerActions,
  providerBody,
  providerOption,
  standardBody,
  thresholdOf,
} from './legal-aid.helpers';

const clock = (id: string, due: string, counts = true, colour: CaseClock['colour'] = 'green'): CaseClock =>
  ({ id, kind: id, owner: 'legal-aid', orgUnit: '621102', startedAt: due, yellowAt: due, due, colour, provisional: false, counts }) as CaseClock;
const kase = (caseNo: string, status: string, warning: CaseView['warning'], clocks: CaseClock[] = []) =>
  ({ id: caseNo, caseNo, status, warning, clocks }) as unknown as CaseView;

describe('the application form → the apply body', () => {
  it('sends what the applicant gave, in the schema the API checks, and the statement as signed', () => {
    const body = factsBody(
      {
        matter: 'labour',
        matterDescription: '  拖欠工资三个月 ',
        hasOwnLawyer: 'no',
        exemptions: ['migrant-worker-pay'],
        household: { members: 3, monthlyIncome: 1800 },
        limitationEndsOn: '2026-12-09',
        urgentPreservation: true,
        statementSigned: true,
      },
      false,
    );
    expect(body).toEqual({
      matter: 'labour',
      matterDescription: '拖欠工资三个月',
      hasOwnLawyer: false,
      exemptions: ['migrant-worker-pay'],
      household: { members: 3, monthlyIncome: 1800 },
      limitationEndsOn: '2026-12-09',
      urgentPreservation: true,
      statementSigned: true,
    });
    expect(applicationFactsSchema.safeParse(body).success).toBe(true);
  });

  it('leaves out what was not answered, but sends an unsigned statement so the API says §41 on that field', () => {
    const body = factsBody({ matter: 'maintenance', hasOwnLawyer: 'yes', household: { members: null, monthlyIncome: null }, exemptions: [] }, false);
    expect(body).toEqual({ matter: 'maintenance', hasOwnLawyer: true, statementSigned: false });
    const r = applicationFactsSchema.safeParse(body);
    expect(!r.success && r.error.issues.map((i) => i.path.join('.'))).toEqual(['statementSigned']);
  });

  it('sends a half-given household as it is (the API names the missing number)', () => {
    expect(factsBody({ household: { members: 2 } }, false)['household']).toEqual({ members: 2 });
    expect(factsBody({ household: { monthlyIncome: 0 } }, false)['household']).toEqual({ monthlyIncome: 0 });
  });

  it('takes a §36 notification and a §39 custody forwarding from staff only, with Beijing times', () => {
    const values = {
      matter: 'criminal-defence' as const,
      hasOwnLawyer: 'no' as const,
      statementSigned: true,
      notificationOn: true,
      notification: { body: 'court', bodyName: ' 安定区人民法院 ', receivedAt: '2026-12-05T09:30' },
      custodyOn: true,
      custody: { facility: '定西市看守所', handedAt: '2026-12-04T08:00', forwardedAt: '2026-12-04T16:00' },
    };
    expect(factsBody(values, false)).not.toHaveProperty('notification');
    expect(factsBody(values, false)).not.toHaveProperty('custody');
    const staff = factsBody(values, true);
    expect(staff['notification']).toEqual({ body: 'court', bodyName: '安定区人民法院', receivedAt: '2026-12-05T09:30:00+08:00' });
    expect(staff['custody']).toEqual({ facility: '定西市看守所', handedAt: '2026-12-04T08:00:00+08:00', forwardedAt: '2026-12-04T16:00:00+08:00' });
    expect(applicationFactsSchema.safeParse(staff).success).toBe(true);
    // Switched off, the parts stay home even for staff.
    expect(factsBody({ ...values, notificationOn: false, custodyOn: false }, true)).not.toHaveProperty('notification');
  });

  it('reads datetime-local values as Beijing time, and leaves anything else for the API to judge', () => {
    expect(beijingInstant('2026-12-05T09:30')).toBe('2026-12-05T09:30:00+08:00');
    expect(beijingInstant('2026-12-05T09:30:15')).toBe('2026-12-05T09:30:15+08:00');
    expect(beijingInstant(' 昨天 ')).toBe('昨天');
    expect(beijingInstant(undefined)).toBe('');
  });

  it('asks for words when the law names the matter only in general', () => {
    expect(needsDescription('other-civil')).toBe(true);
    expect(needsDescription('not-covered')).toBe(true);
    expect(needsDescription('labour')).toBe(false);
    expect(needsDescription(undefined)).toBe(false);
  });
});

describe("the officer's queues", () => {
  const cases = [
    kase('A', 'legal-aid-review', 'green', [clock('legal-aid-review', '2026-12-10T00:00:00+08:00')]),
    kase('B', 'legal-aid-review', 'red', [clock('legal-aid-review', '2026-12-12T00:00:00+08:00', true, 'red')]),
    kase('C', 'legal-aid-review', 'green', [clock('legal-aid-review', '2026-12-08T00:00:00+08:00')]),
    kase('D', 'assignment', 'yellow'),
    kase('E', 'closed', 'green'),
  ];

  it('lists a queue by colour, then the soonest due, and leaves other statuses out', () => {
    expect(inQueue(cases, ['legal-aid-review']).map((c) => c.caseNo)).toEqual(['B', 'C', 'A']);
    expect(inQueue(cases, ['assignment']).map((c) => c.caseNo)).toEqual(['D']);
    expect(inQueue(cases, ['aid'])).toEqual([]);
  });

  it("shows a case's soonest staff deadline, not the applicant's own window", () => {
    const c = kase('F', 'awaiting-materials', 'green', [
      clock('legal-aid-materials', '2026-12-06T00:00:00+08:00', false),
      clock('legal-aid-review', '2026-12-09T00:00:00+08:00'),
    ]);
    expect(nextClock(c)?.id).toBe('legal-aid-review');
    expect(nextClock(kase('G', 'refused', 'green', [clock('legal-aid-objection-window', '2026-12-20T00:00:00+08:00', false)]))?.id).toBe(
      'legal-aid-objection-window',
    );
    expect(nextClock(kase('H', 'aid', 'green'))).toBeNull();
  });
});

describe('the roster and the standards', () => {
  const p: ProviderView = {
    id: '7f0c1b8e-0000-4000-8000-000000000001',
    name: '李律师',
    type: 'firm-lawyer',
    organisation: '甘肃某某律师事务所',
    specialities: ['labour', 'maintenance'],
    orgUnit: '621102',
    capacity: 5,
    username: 'lawyer.621102',
    active: true,
    load: 1,
  };
  const names: Record<string, string> = { labour: '劳动争议', maintenance: '赡养费', '621102': '安定区' };

  it('offers a provider with organisation, unit, specialities and load; a full or inactive one is shown but not offered', () => {
    expect(providerOption(p, (c) => names[c] ?? c)).toEqual({
      value: p.id,
      label: '李律师 · 甘肃某某律师事务所 · 安定区 · 劳动争议、赡养费 · 1/5',
      disabled: false,
    });
    expect(providerOption({ ...p, load: 5 }, (c) => c).disabled).toBe(true);
    expect(providerOption({ ...p, active: false }, (c) => c).disabled).toBe(true);
  });

  it('sends a provider as the API takes it (an empty login left out)', () => {
    const body = providerBody({ ...p, name: ' 李律师 ', username: ' ' });
    expect(body).not.toHaveProperty('username');
    expect(providerInputSchema.safeParse(body).success).toBe(true);
    expect(providerBody({ name: '王', username: 'lawyer.x' })).toMatchObject({ name: '王', username: 'lawyer.x', active: true, specialities: [] });
  });

  it('sends a standard as the API takes it and shows its threshold per head', () => {
    const body = standardBody({ orgUnit: '621102', minimumLivingMonthly: 760, multiplier: 2, effectiveFrom: '2026-01-01', source: ' 演示数据 ' });
    expect(economicStandardSchema.safeParse(body).success).toBe(true);
    expect(body.source).toBe('演示数据');
    expect(thresholdOf({ minimumLivingMonthly: 760, multiplier: 2 })).toBe(1520);
    expect(thresholdOf({ minimumLivingMonthly: 733.5, multiplier: 1.5 })).toBe(1100.25);
  });
});

describe("a provider's buttons on their matters", () => {
  it('are what the status allows that the kind lets a provider take: court filing and the end in aid, then the closure; no decision of the agency', () => {
    const lawyer = ['legal-aid-provider'];
    expect(providerActions('aid', lawyer)).toEqual(['court-filed', 'matter-ended']);
    expect(providerActions('closure-filing', lawyer)).toEqual(['file-closure']);
    expect(providerActions('quality-review', lawyer)).toEqual([]);
    expect(providerActions('legal-aid-review', lawyer)).toEqual([]);
    // An officer may record them for the provider, and also terminate.
    expect(providerActions('aid', ['legal-aid-officer'])).toEqual(['court-filed', 'matter-ended', 'terminate']);
  });
});
