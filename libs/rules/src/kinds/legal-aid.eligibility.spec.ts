import {
  applicationFactsSchema,
  ECONOMIC_EXEMPTIONS,
  LEGAL_AID_MATTERS,
  SECTION_32_GROUNDS,
  type ApplicationFacts,
  type EconomicStandard,
  type EligibilityAssessment,
} from '@fengqiao/contracts';
import { advanceAidGroundsOf, assessEligibility, LEGAL_AID_ELIGIBILITY_RULES, limitationWithinAdvanceWindow } from './legal-aid.eligibility';

const standard: EconomicStandard = {
  id: 'std-1',
  version: 3,
  orgUnit: '621102',
  minimumLivingMonthly: 760,
  multiplier: 2,
  effectiveFrom: '2026-01-01',
  source: '演示数据：县民政局低保标准',
  loadedBy: 'admin',
  loadedAt: '2026-01-01T00:00:00+08:00',
};
// 2026-06-10 10:00 in Beijing.
const AT = '2026-06-10T10:00:00+08:00';
const facts = (over: Partial<ApplicationFacts> = {}): ApplicationFacts =>
  applicationFactsSchema.parse({ matter: 'labour', hasOwnLawyer: false, statementSigned: true, household: { members: 2, monthlyIncome: 1300 }, ...over });
const rule = (a: EligibilityAssessment, name: string) => a.rules.find((r) => r.rule === name);

describe('assessEligibility (《法律援助法》2021)', () => {
  it('every rule of the table names its article', () => {
    expect(LEGAL_AID_ELIGIBILITY_RULES.map((r) => `${r.rule} ${r.article} ${r.deciding}`)).toEqual([
      'matter-covered §31 true',
      'no-own-lawyer §31 true',
      'statement-signed §41 true',
      'economic-test §34 true',
      'notification §36 false',
      'custody-forwarding §39 false',
      'advance-aid §44 false',
    ]);
  });

  it('an eligible wage claim explains every rule with its facts, zh-CN and en', () => {
    const a = assessEligibility(facts({ household: { members: 2, monthlyIncome: 1300 } }), standard, AT);
    expect(a.outcome).toBe('eligible');
    expect(a.economic).toBe('passed');
    expect(a.standard).toEqual({ id: 'std-1', version: 3, source: standard.source, thresholdPerHead: 1520 });
    expect(a.rules.map((r) => [r.rule, r.article, r.met])).toEqual([
      ['matter-covered', '§31(5)', true],
      ['no-own-lawyer', '§31', true],
      ['statement-signed', '§41', true],
      ['economic-test', '§34', true],
    ]);
    expect(rule(a, 'economic-test')?.zh).toContain('家庭月人均收入 650.00 元，不高于当地低保标准 760 元的 2 倍（1520.00 元），符合经济困难标准');
    expect(rule(a, 'economic-test')?.en).toContain('650.00 yuan per head');
    expect(rule(a, 'matter-covered')?.zh).toContain('请求确认劳动关系或者支付劳动报酬');
    expect(a.advanceAidGrounds).toEqual([]);
  });

  describe('matter covered', () => {
    it.each(LEGAL_AID_MATTERS.filter((m) => !['other-civil', 'not-covered'].includes(m)))('%s is covered', (matter) => {
      const a = assessEligibility(facts({ matter }), standard, AT);
      expect(rule(a, 'matter-covered')?.met).toBe(true);
    });
    it.each([
      ['criminal-defence', '§24'],
      ['criminal-victim', '§29'],
      ['criminal-compulsory', '§25'],
      ['maintenance', '§31(4)'],
    ] as const)('%s cites %s', (matter, article) => {
      expect(rule(assessEligibility(facts({ matter }), standard, AT), 'matter-covered')?.article).toBe(article);
    });
    it('not-covered is not met and the case is ineligible, naming what the applicant said', () => {
      const a = assessEligibility(facts({ matter: 'not-covered', matterDescription: '合同纠纷（货款）' }), standard, AT);
      expect(rule(a, 'matter-covered')).toMatchObject({ met: false, article: '§31' });
      expect(rule(a, 'matter-covered')?.zh).toContain('合同纠纷（货款）');
      expect(a.outcome).toBe('ineligible');
    });
    it('not-covered with a §32 ground is for the officer to check', () => {
      const a = assessEligibility(facts({ matter: 'not-covered', matterDescription: '见义勇为受伤索赔', section32Ground: 'bravery' }), standard, AT);
      expect(rule(a, 'matter-covered')).toMatchObject({ met: null, article: '§32' });
      expect(a.outcome).toBe('undetermined');
    });
    it('other-civil is undetermined: the officer checks the law it rests on', () => {
      const a = assessEligibility(facts({ matter: 'other-civil', matterDescription: '请求支付见义勇为奖励' }), standard, AT);
      expect(rule(a, 'matter-covered')).toMatchObject({ met: null, article: '§31(9)' });
      expect(rule(a, 'matter-covered')?.zh).toContain('请求支付见义勇为奖励');
      expect(a.outcome).toBe('undetermined');
    });
    it('other-civil without a description asks for it', () => {
      const a = assessEligibility(facts({ matter: 'other-civil' }), standard, AT);
      expect(rule(a, 'matter-covered')?.zh).toContain('matterDescription');
      expect(a.outcome).toBe('undetermined');
    });
  });

  it('an applicant with their own lawyer is ineligible (§31), a defendant with a defender too (§24)', () => {
    const civil = assessEligibility(facts({ hasOwnLawyer: true }), standard, AT);
    expect(rule(civil, 'no-own-lawyer')).toMatchObject({ met: false, article: '§31' });
    expect(civil.outcome).toBe('ineligible');
    const criminal = assessEligibility(facts({ matter: 'criminal-defence', hasOwnLawyer: true }), standard, AT);
    expect(rule(criminal, 'no-own-lawyer')).toMatchObject({ met: false, article: '§24' });
    expect(rule(criminal, 'no-own-lawyer')?.zh).toContain('辩护人');
  });

  it('the statement of truthfulness is required by the schema and met when signed (§41)', () => {
    expect(applicationFactsSchema.safeParse({ matter: 'labour', hasOwnLawyer: false, statementSigned: false }).success).toBe(false);
    expect(rule(assessEligibility(facts(), standard, AT), 'statement-signed')).toMatchObject({ met: true, article: '§41' });
  });

  describe('the economic test', () => {
    it('equal to the threshold passes, one cent over fails', () => {
      const equal = assessEligibility(facts({ household: { members: 2, monthlyIncome: 3040 } }), standard, AT);
      expect([equal.outcome, equal.economic]).toEqual(['eligible', 'passed']);
      expect(rule(equal, 'economic-test')?.zh).toContain('家庭月人均收入 1520.00 元，不高于');
      const over = assessEligibility(facts({ household: { members: 2, monthlyIncome: 3040.02 } }), standard, AT);
      expect([over.outcome, over.economic]).toEqual(['ineligible', 'failed']);
      expect(rule(over, 'economic-test')).toMatchObject({ met: false });
      expect(rule(over, 'economic-test')?.zh).toContain('家庭月人均收入 1520.01 元，高于当地低保标准 760 元的 2 倍（1520.00 元），不符合经济困难标准');
    });
    it('half a cent over per head still fails, and the figure shown says so', () => {
      const a = assessEligibility(facts({ household: { members: 2, monthlyIncome: 3040.01 } }), standard, AT);
      expect(a.economic).toBe('failed');
      expect(rule(a, 'economic-test')?.zh).toContain('1520.01 元，高于');
    });
    it('a fractional multiplier and minimum are computed in cents', () => {
      const a = assessEligibility(
        facts({ household: { members: 3, monthlyIncome: 3420.46 } }),
        { ...standard, minimumLivingMonthly: 760.1, multiplier: 1.5 },
        AT,
      );
      expect(a.standard?.thresholdPerHead).toBe(1140.15);
      expect(a.economic).toBe('failed');
      expect(
        assessEligibility(facts({ household: { members: 3, monthlyIncome: 3420.45 } }), { ...standard, minimumLivingMonthly: 760.1, multiplier: 1.5 }, AT)
          .economic,
      ).toBe('passed');
    });
    it('a missing household is for the officer (missing-facts, undetermined)', () => {
      const a = assessEligibility(facts({ household: undefined }), standard, AT);
      expect([a.outcome, a.economic, a.standard]).toEqual(['undetermined', 'missing-facts', null]);
      expect(rule(a, 'economic-test')).toMatchObject({ met: null });
      expect(rule(a, 'economic-test')?.zh).toContain('未提供家庭人口和月收入');
    });
    it('no standard loaded, or one not yet in force, is undetermined (no-standard)', () => {
      const none = assessEligibility(facts(), null, AT);
      expect([none.outcome, none.economic]).toEqual(['undetermined', 'no-standard']);
      expect(rule(none, 'economic-test')?.zh).toContain('经济困难标准');
      expect(assessEligibility(facts(), { ...standard, effectiveFrom: '2026-06-11' }, AT).economic).toBe('no-standard');
      // Effective on the Beijing day of the application, even before 08:00 UTC.
      expect(assessEligibility(facts(), { ...standard, effectiveFrom: '2026-06-10' }, '2026-06-09T16:30:00Z').economic).toBe('passed');
    });
    it('an ineligible rule wins over an undetermined one', () => {
      expect(assessEligibility(facts({ hasOwnLawyer: true }), null, AT).outcome).toBe('ineligible');
    });
    it.each(SECTION_32_GROUNDS)('§32 ground %s: not required, whatever the income', (section32Ground) => {
      const a = assessEligibility(facts({ section32Ground, household: { members: 1, monthlyIncome: 99_999 } }), null, AT);
      expect([a.outcome, a.economic]).toEqual(['eligible', 'not-required']);
      expect(rule(a, 'economic-test')).toMatchObject({ met: true, article: '§32' });
    });
    it.each(ECONOMIC_EXEMPTIONS.filter((e) => e !== 'migrant-worker-pay'))('§42 exemption %s: exempt, whatever the matter', (e) => {
      const a = assessEligibility(facts({ matter: 'maintenance', exemptions: [e], household: undefined }), null, AT);
      expect([a.outcome, a.economic]).toEqual(['eligible', 'exempt']);
      expect(rule(a, 'economic-test')).toMatchObject({ met: true, article: '§42' });
    });
    it.each(['labour', 'personal-injury'] as const)('§42 migrant worker: exempt for %s', (matter) => {
      const a = assessEligibility(facts({ matter, exemptions: ['migrant-worker-pay'], household: undefined }), null, AT);
      expect(a.economic).toBe('exempt');
      expect(rule(a, 'economic-test')?.zh).toContain('进城务工人员');
    });
    it('§42 migrant worker does not count for another matter, and the explanation says so', () => {
      const a = assessEligibility(
        facts({ matter: 'maintenance', exemptions: ['migrant-worker-pay'], household: { members: 1, monthlyIncome: 5000 } }),
        standard,
        AT,
      );
      expect([a.outcome, a.economic]).toEqual(['ineligible', 'failed']);
      expect(rule(a, 'economic-test')?.zh).toContain('仅在申请支付劳动报酬或者请求工伤事故人身损害赔偿时免予核查');
      expect(rule(a, 'economic-test')?.en).toContain('only covers wage and work-injury claims');
    });
  });

  describe('criminal notification (§25, §36)', () => {
    const notified = facts({
      matter: 'criminal-compulsory',
      household: undefined,
      notification: { body: 'court', bodyName: '某县人民法院', receivedAt: '2026-06-10T09:00:00+08:00' },
    });
    it('needs no economic test and explains the 3-day assignment', () => {
      const a = assessEligibility(notified, null, AT);
      expect([a.outcome, a.economic]).toEqual(['eligible', 'not-required']);
      expect(rule(a, 'economic-test')?.article).toBe('§25');
      expect(rule(a, 'notification')).toMatchObject({ met: true, article: '§36' });
      expect(rule(a, 'notification')?.zh).toContain('人民法院（某县人民法院）于 2026-06-10 09:00 通知指派律师');
      expect(rule(a, 'notification')?.zh).toContain('三日内指派律师');
    });
    it('a notification for a matter outside §25 is for the officer to check (informational)', () => {
      const a = assessEligibility({ ...notified, matter: 'criminal-defence', exemptions: ['minor'] }, null, AT);
      expect(rule(a, 'notification')?.met).toBeNull();
      expect(a.outcome).toBe('eligible');
    });
    it('no notification, no notification rule', () => {
      expect(rule(assessEligibility(facts(), standard, AT), 'notification')).toBeUndefined();
    });
  });

  describe('custody forwarding (§39), informational', () => {
    const custody = (forwardedAt: string) =>
      facts({ matter: 'criminal-defence', custody: { facility: '某县看守所', handedAt: '2026-06-08T10:00:00+08:00', forwardedAt } });
    it('forwarded within 24 hours is met (exactly 24 h on time)', () => {
      const a = assessEligibility(custody('2026-06-09T10:00:00+08:00'), standard, AT);
      expect(rule(a, 'custody-forwarding')).toMatchObject({ met: true, article: '§39' });
      expect(rule(a, 'custody-forwarding')?.zh).toContain('某县看守所');
    });
    it('forwarded late is not met but does not make the applicant ineligible', () => {
      const a = assessEligibility(custody('2026-06-09T10:00:01+08:00'), standard, AT);
      expect(rule(a, 'custody-forwarding')?.met).toBe(false);
      expect(rule(a, 'custody-forwarding')?.zh).toContain('不影响申请人获得法律援助');
      expect(a.outcome).toBe('eligible');
    });
  });

  describe('advance aid (§44)', () => {
    it.each([
      ['2026-06-10', true], // ends today
      ['2026-06-16', true], // 6 days left: fewer than seven
      ['2026-06-17', false], // 7 days left
      ['2026-06-09', false], // already ended
    ])('limitation ending %s → ground %s', (limitationEndsOn, expected) => {
      const a = assessEligibility(facts({ limitationEndsOn }), standard, AT);
      expect(a.advanceAidGrounds).toEqual(expected ? ['limitation-period'] : []);
      expect(rule(a, 'advance-aid')?.met).toBe(expected);
    });
    it('counts Beijing days: 23:30 UTC is already the next day in Beijing', () => {
      expect(limitationWithinAdvanceWindow('2026-06-17', '2026-06-10T23:30:00Z')).toBe(true);
      expect(limitationWithinAdvanceWindow('2026-06-17', '2026-06-10T15:30:00Z')).toBe(false);
    });
    it('urgent preservation is a ground; both grounds are listed', () => {
      expect(advanceAidGroundsOf({ urgentPreservation: true }, AT)).toEqual(['urgent-preservation']);
      const a = assessEligibility(facts({ urgentPreservation: true, limitationEndsOn: '2026-06-12' }), standard, AT);
      expect(a.advanceAidGrounds).toEqual(['limitation-period', 'urgent-preservation']);
      expect(rule(a, 'advance-aid')?.zh).toContain('先行提供法律援助');
    });
    it('no limitation date and no urgency: no advance-aid rule', () => {
      expect(rule(assessEligibility(facts(), standard, AT), 'advance-aid')).toBeUndefined();
    });
  });
});
