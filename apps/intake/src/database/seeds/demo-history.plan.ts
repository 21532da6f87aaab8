import { CHINA_OFFSET_MS, defaultCalendar } from '@fengqiao/calendar';
import { defaultRoutingRules, resolveRule, type CaseKind, type Department, type Outcome, type RoutingRule, type Severity } from '@fengqiao/contracts';
import { firstReplyClock } from '@fengqiao/rules';
import { DEFAULT_CATEGORIES } from './demo-county.seed';
import { CaseWalk, resumeOf, SYSTEM, type PlannedCase, type PlannedMediator } from './demo-history.walk';

export type { PlannedCase, PlannedStep } from './demo-history.walk';

/**
 * A year of past cases for the demo county, planned as their processes would have recorded
 * them: every step with its time, actor, detail and the case's state after it (walked by
 * demo-history.walk.ts, clocks turning yellow and red when a step comes late), and anything after
 * the end cut off: recent cases are still open, and their processes start where they stand.
 * Pure and deterministic: the same seed and end give the same plan.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Where cases are registered: the towns most, their villages, the district and city centres some. */
const UNIT_SHARES: Array<[string, number]> = [
  ['621102101', 0.3], ['621102102', 0.25], ['621102101201', 0.12], ['621102101202', 0.1], ['621102102201', 0.1], ['621102', 0.09], ['621100', 0.04],
];
/** The township that serves a unit (its clerks and mediators act for its villages). */
const SERVING: Record<string, string> = { '621102101201': '621102101', '621102101202': '621102101', '621102102201': '621102102' };

const KIND_SHARES: Array<[CaseKind, number]> = [['dispute', 0.7], ['consultation', 0.12], ['complaint', 0.08], ['hazard', 0.05], ['petition', 0.03], ['legal-aid', 0.02]];
const CATEGORY_SHARES: Array<[string, number]> = [
  ['neighbour', 0.22], ['marriage-family', 0.18], ['land', 0.14], ['labour', 0.12], ['property', 0.08], ['traffic', 0.08], ['consumer', 0.07], ['other', 0.08], ['medical', 0.03],
];
const SEVERITY_SHARES: Array<[Severity, number]> = [['ordinary', 0.85], ['difficult', 0.12], ['major', 0.03]];
const CHANNEL_SHARES: Array<[string, number]> = [['walk-in', 0.45], ['hotline', 0.2], ['online', 0.18], ['grid', 0.12], ['letter', 0.02], ['referral', 0.02], ['video', 0.01]];
const SCORES: Array<[number, number]> = [[5, 0.6], [4, 0.3], [3, 0.07], [2, 0.02], [1, 0.01]];
const SCORES_AFTER_FAILURE: Array<[number, number]> = [[5, 0.1], [4, 0.3], [3, 0.4], [2, 0.15], [1, 0.05]];

/**
 * The mix the seed reports describe (docs/metrics.md, "Checks against published figures"): disputes go to a
 * mediator in a minority of cases (Wuwei: 20 of 110 transferred) and 82 % of those end in an
 * agreement (Jingchuan: 4,235 of 5,164); the rest are settled at first contact.
 */
export const HISTORY_MIX = {
  mediatedShare: 0.08,
  agreementShare: 0.82,
  /** Of the mediated cases that do not end in agreement. */
  otherOutcomes: [['failed', 0.7], ['withdrawn', 0.15], ['referred-litigation', 0.15]] as Array<[Outcome, number]>,
  /** Mediated cases handled jointly with a department (市镇联动). */
  jointShare: 0.12,
  /** Disputes replied to without settling before they are assigned. */
  repliedBeforeAssignShare: 0.5,
  ratedShare: 0.82,
  /** First replies that come a day or more late. */
  lateReplyShare: 0.02,
  /** Disputes of the last days before the end left without a reply or a settlement. */
  stalledShare: 0.12,
  stallWindowDays: 8,
} as const;

/**
 * The demo mediators who sign in (apps/mediation's demo seed, the same ids and names): an open
 * case in mediation is one its mediator can act on. The district's cases go to the city's.
 */
const MEDIATORS: Record<string, Omit<PlannedMediator, 'team'>> = {
  '621102101': { id: '5e0d1a7e-0000-4000-8000-000000000101', name: '张调解', username: 'mediator.621102101' },
  '621102102': { id: '5e0d1a7e-0000-4000-8000-000000000201', name: '王调解', username: 'mediator.621102102' },
  '621100': { id: '5e0d1a7e-0000-4000-8000-000000000301', name: '刘调解', username: 'mediator.621100' },
};

const JOINT_DEPARTMENT: Record<string, Department> = {
  labour: 'hr-social-security', land: 'natural-resources', property: 'housing', traffic: 'public-security', consumer: 'market-regulation', 'marriage-family': 'womens-federation',
};

const DISPUTE_TITLES: Record<string, string[]> = {
  neighbour: ['院墙排水纠纷', '邻里噪音纠纷', '通行道路纠纷', '房屋采光纠纷'],
  'marriage-family': ['赡养老人费用纠纷', '离婚子女抚养纠纷', '婚后财产分割纠纷'],
  land: ['承包地边界纠纷', '宅基地使用纠纷', '土地流转费用纠纷'],
  labour: ['拖欠工资纠纷', '工伤赔偿纠纷', '劳务报酬纠纷'],
  property: ['物业费收缴纠纷', '小区停车纠纷', '房屋漏水维修纠纷'],
  traffic: ['交通事故赔偿纠纷', '车辆剐蹭赔偿纠纷'],
  consumer: ['商品质量纠纷', '预付卡退费纠纷'],
  medical: ['诊疗费用纠纷', '医疗损害赔偿纠纷'],
  other: ['民间借贷纠纷', '合同履行纠纷'],
};
const KIND_TITLES: Record<string, string[]> = {
  consultation: ['法律政策咨询', '办事流程咨询', '社保政策咨询'],
  complaint: ['噪音扰民投诉', '环境卫生投诉', '办事效率投诉'],
  hazard: ['危房安全隐患', '道路安全隐患', '用电安全隐患'],
  petition: ['信访事项：补偿款发放', '信访事项：工程遗留问题'],
  'legal-aid': ['法律援助申请：追讨劳动报酬', '法律援助申请：赡养费'],
};
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '马', '魏', '牛', '何', '苏'];
const GIVEN = ['建国', '春梅', '志强', '秀兰', '海龙', '玉珍', '文斌', '桂英', '小军', '丽娟', '永红', '德胜', '金花', '国强', '亚楠'];

/** mulberry32: small, fast, good enough for test data, and the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;

function pick<T>(rng: Rng, shares: ReadonlyArray<readonly [T, number]>): T {
  let u = rng() * shares.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of shares) if ((u -= w) < 0) return v;
  return shares[shares.length - 1]![0];
}

const oneOf = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

function shuffle<T>(rng: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** Exactly `n` labels in the given shares (largest remainder), in random order. */
export function quota<T>(rng: Rng, n: number, shares: ReadonlyArray<readonly [T, number]>): T[] {
  const total = shares.reduce((s, [, w]) => s + w, 0);
  const exact = shares.map(([v, w]) => ({ v, x: (n * w) / total }));
  const counts = exact.map((e) => Math.floor(e.x));
  let left = n - counts.reduce((s, c) => s + c, 0);
  const order = exact.map((e, i) => ({ i, r: e.x - Math.floor(e.x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) if (left-- > 0) counts[i]! += 1;
  return shuffle(rng, exact.flatMap((e, i) => Array<T>(counts[i]!).fill(e.v)));
}

export function uuidFrom(rng: Rng): string {
  const h = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16));
  h[12] = '4';
  h[16] = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export interface HistoryPlanOptions {
  /** Exclusive end (the start of today, China time): nothing is registered or happens from then on. */
  end: number;
  days?: number;
  seed?: number;
  /** Mean registrations on a working day (a rest day gets a fifth of it). */
  perWorkingDay?: number;
}

/** The start of the China-time day of an instant. */
export const chinaMidnight = (ms: number) => Math.floor((ms + CHINA_OFFSET_MS) / DAY) * DAY - CHINA_OFFSET_MS;

/** A time in office hours (08:30–17:30 China time) on the day starting at `midnight`. */
const officeTime = (rng: Rng, midnight: number) => midnight + 8.5 * HOUR + Math.floor(rng() * 9 * HOUR);
const hours = (rng: Rng, min: number, max: number) => Math.round((min + rng() * (max - min)) * HOUR);
/** Exponential, mean `mean` hours, plus `min`. */
const expHours = (rng: Rng, mean: number, min = 0) => Math.round((min - Math.log(1 - rng()) * mean) * HOUR);

export function planHistory(o: HistoryPlanOptions): PlannedCase[] {
  const rng = seededRandom(o.seed ?? 20_261_122);
  const days = o.days ?? 365;
  const mean = o.perWorkingDay ?? 10;
  const calendar = defaultCalendar();
  const rules = defaultRoutingRules(DEFAULT_CATEGORIES.map((c) => c.code));

  // Registration times: working days busier than rest days (holidays and 调休 from the calendar).
  const times: number[] = [];
  for (let d = days; d >= 1; d--) {
    const midnight = o.end - d * DAY;
    const working = calendar.isWorkingDay(new Date(midnight + 12 * HOUR));
    const m = working ? mean : mean / 5;
    const n = Math.max(0, Math.round(m * (0.6 + rng() * 0.8)));
    for (let i = 0; i < n; i++) times.push(officeTime(rng, midnight));
  }
  times.sort((a, b) => a - b);

  // Units, then kinds per unit, then paths per unit's disputes, each by exact quota: any subtree's
  // figures come out in the proportions, not only the county's.
  const units = quota(rng, times.length, UNIT_SHARES);
  const byUnit = new Map<string, number[]>();
  times.forEach((t, i) => (byUnit.get(units[i]!) ?? byUnit.set(units[i]!, []).get(units[i]!)!).push(t));
  const cases: PlannedCase[] = [];
  for (const [orgUnit, unitTimes] of byUnit) {
    const kinds = quota(rng, unitTimes.length, KIND_SHARES);
    const disputes = kinds.filter((k) => k === 'dispute').length;
    const mediated = quota(rng, disputes, [[true, HISTORY_MIX.mediatedShare], [false, 1 - HISTORY_MIX.mediatedShare]]);
    let d = 0;
    const walks = unitTimes.map((t, i) => {
      const kind = kinds[i]!;
      return planCase(rng, { orgUnit, kind, registeredAt: t, mediated: kind === 'dispute' && mediated[d++]!, end: o.end, rules });
    });
    // Outcomes of the mediated cases concluded before the end: agreements by quota of all mediated
    // (those still in mediation count in the denominator, as docs/metrics.md defines the rate).
    const concluded = walks.filter((w) => w.mediated && w.concludeAt < o.end);
    const agreements = Math.min(concluded.length, Math.round(HISTORY_MIX.agreementShare * walks.filter((w) => w.mediated).length));
    const outcomes = shuffle(rng, [
      ...Array<Outcome>(agreements).fill('agreement'),
      ...quota(rng, concluded.length - agreements, HISTORY_MIX.otherOutcomes),
    ]);
    concluded.forEach((w, i) => (w.outcome = outcomes[i]!));
    for (const w of walks) cases.push(w.finish());
  }
  return cases.sort((a, b) => a.registeredAt - b.registeredAt);
}

interface CaseDraft {
  mediated: boolean;
  concludeAt: number;
  outcome: Outcome | null;
  finish(): PlannedCase;
}

function planCase(
  rng: Rng,
  i: { orgUnit: string; kind: CaseKind; registeredAt: number; mediated: boolean; end: number; rules: RoutingRule[] },
): CaseDraft {
  const category = pick(rng, CATEGORY_SHARES);
  const severity = i.kind === 'dispute' ? (i.mediated ? pick(rng, SEVERITY_SHARES.slice(0, 2)) : 'ordinary') : 'ordinary';
  const rule = i.kind === 'dispute' ? resolveRule(i.rules, category, severity) : null;
  const town = SERVING[i.orgUnit] ?? i.orgUnit;
  const clerk = `clerk.${town}`;
  const mediatorUser = (MEDIATORS[town] ?? MEDIATORS['621100']!).username!;
  const channel = pick(rng, CHANNEL_SHARES);
  const title = i.kind === 'dispute' ? oneOf(rng, DISPUTE_TITLES[category] ?? DISPUTE_TITLES['other']!) : oneOf(rng, KIND_TITLES[i.kind]!);
  const person = () => `${oneOf(rng, SURNAMES)}${oneOf(rng, GIVEN)}`;
  const parties: PlannedCase['parties'] = [{ role: 'applicant', name: person() }];
  if (i.kind === 'dispute') parties.push({ role: 'respondent', name: person() });
  const id = uuidFrom(rng);
  const t0 = i.registeredAt;
  const w = new CaseWalk({ orgUnit: i.orgUnit, rule }, i.end);
  const firstReplyDue = Date.parse(firstReplyClock(defaultCalendar(), rule ?? defaultRoutingRules([])[0]!, i.orgUnit, t0).due);

  // Time draws happen now, outcome-independent, so the outcomes can be dealt out afterwards.
  const late = rng() < HISTORY_MIX.lateReplyShare;
  // A few recent disputes stall (nobody replies, or nobody settles after the reply): the open
  // yellow and red cases a board shows.
  const stallDraw = rng();
  const stalled = i.kind === 'dispute' && !i.mediated && i.registeredAt >= i.end - HISTORY_MIX.stallWindowDays * DAY && stallDraw < HISTORY_MIX.stalledShare;
  const replyDelay = late ? hours(rng, 26, 60) : expHours(rng, 3.5, 0.15);
  const replyFirst = !i.mediated || rng() < HISTORY_MIX.repliedBeforeAssignShare;
  const assignDelay = hours(rng, 2, 40);
  const mediationDays = 2 + rng() * 14; // working days: a few run past the 15-day period
  const joint = i.mediated && rng() < HISTORY_MIX.jointShare;
  const sessionCount = i.mediated ? 1 + Math.floor(rng() * 3) : 0;
  const feedbackDelay = expHours(rng, 20, 1);
  const rated = rng() < HISTORY_MIX.ratedShare;
  const rateDelay = expHours(rng, 30, 0.5);
  const scoreDraw = rng();
  const visitDelay = hours(rng, 24, 120);
  const mediator: PlannedMediator | null = i.mediated ? { ...(MEDIATORS[town] ?? MEDIATORS['621100']!), team: rule?.team ?? 'general' } : null;

  let replyAt = stalled && stallDraw < HISTORY_MIX.stalledShare / 3 ? Number.POSITIVE_INFINITY : t0 + replyDelay;
  let assignAt = replyFirst ? replyAt + assignDelay : t0 + assignDelay;
  if (!replyFirst) replyAt = Number.POSITIVE_INFINITY;
  const concludeAt = i.mediated ? assignAt + Math.round(mediationDays * 1.4 * DAY) : replyAt;
  if (!i.mediated) assignAt = Number.POSITIVE_INFINITY;

  const draft: CaseDraft = {
    mediated: i.mediated,
    concludeAt,
    outcome: null,
    finish: () => {
      const dispute = i.kind === 'dispute';
      let mediationDue: number | null = null;
      let jointHandlingDue: number | null = null;
      let jointState: PlannedCase['joint'] = null;
      let caseMediator: PlannedCase['mediator'] = null;
      if (dispute) {
        w.step('routed', SYSTEM, t0 + 1_000 + Math.floor(rng() * 2_000), { ruleVersion: 1, tier: rule!.tier, team: rule!.team }, () => {
          w.start('first-reply', 'first-reply', 'firstReply', t0);
        });
      }
      const settled = !i.mediated && !stalled;
      if (replyFirst) {
        w.step('replied', clerk, replyAt, { message: settled ? '已当场答复并化解' : '已受理，转调解', resolved: settled }, () => {
          w.stop('first-reply');
          if (settled) {
            w.outcome = 'resolved-at-first-contact';
            w.status = 'awaiting-feedback';
            if (dispute) w.start('feedback', 'feedback', 'feedback', replyAt);
          } else {
            w.start('first-contact', 'first-contact', 'firstContact', replyAt);
          }
        });
      }
      if (i.mediated) {
        w.step('assigned', clerk, assignAt, { mediator: mediator!, named: false }, () => {
          caseMediator = mediator!;
          w.stop('first-reply');
          w.stop('first-contact');
          w.status = 'mediation';
          mediationDue = w.start('mediation', 'mediation', 'mediation', assignAt).due;
        });
        const span = concludeAt - assignAt;
        const escalateAt = assignAt + Math.round(span * 0.4);
        const sessionSpan = joint ? escalateAt - assignAt : span;
        for (let s = 1; s <= sessionCount; s++) {
          const at = assignAt + Math.round((sessionSpan * s) / (sessionCount + 1));
          w.step('session-recorded', mediatorUser, at, { at: new Date(at).toISOString(), summary: `第${s}次调解`, participants: parties.map((p) => p.name) });
        }
        if (joint) {
          const dept = JOINT_DEPARTMENT[category] ?? 'justice';
          const part = { department: dept, orgUnit: town, reportedInAt: null as string | null, resultAt: null as string | null };
          w.step('escalated', mediatorUser, escalateAt, { reason: '涉及多部门，转入市镇联动', leadOrgUnit: town, departments: [{ department: dept, orgUnit: town }], automatic: false }, () => {
            for (const id of ['first-reply', 'first-contact', 'mediation']) w.stop(id);
            w.status = 'joint-handling';
            jointState = { leadOrgUnit: town, reason: '涉及多部门，转入市镇联动', parts: [part] };
            w.start(`report-in:${dept}@${town}`, 'report-in', 'reportIn', escalateAt, { owner: dept, orgUnit: town });
            jointHandlingDue = w.start('joint-handling', 'joint-handling', 'jointHandling', escalateAt, { orgUnit: town }).due;
          });
          const reportAt = Math.min(escalateAt + expHours(rng, 1.2, 0.2), escalateAt + Math.round((concludeAt - escalateAt) / 2));
          w.step('department-reported-in', `dept.${dept}.${town}`, reportAt, { department: dept, orgUnit: town }, () => {
            part.reportedInAt = new Date(reportAt).toISOString();
            w.stop(`report-in:${dept}@${town}`);
            w.start(`department-result:${dept}@${town}`, 'department-result', 'departmentResult', reportAt, { owner: dept, orgUnit: town });
          });
          const resultAt = reportAt + Math.round((concludeAt - reportAt) * 0.7);
          w.step('department-result-filed', `dept.${dept}.${town}`, resultAt, { department: dept, orgUnit: town, summary: '部门处理意见已提交' }, () => {
            part.resultAt = new Date(resultAt).toISOString();
            w.stop(`department-result:${dept}@${town}`);
          });
        }
        const outcome = draft.outcome ?? 'failed';
        w.step('concluded', mediatorUser, concludeAt, { outcome, summary: outcome === 'agreement' ? '双方达成调解协议' : '调解终结' }, () => {
          for (const k of [...w.clocks]) if (k.counts) w.stop(k.id);
          w.outcome = outcome;
          w.status = 'awaiting-feedback';
          w.start('feedback', 'feedback', 'feedback', concludeAt);
        });
      }
      const feedbackAt = stalled ? Number.POSITIVE_INFINITY : concludeAt + feedbackDelay;
      const closer = i.mediated ? mediatorUser : clerk;
      w.step('feedback-recorded', closer, feedbackAt, { message: '已告知处理结果', channel: oneOf(rng, ['phone', 'in-person', 'sms'] as const) }, () => {
        w.stop('feedback');
        w.start('rating', 'rating', 'rating', feedbackAt, { owner: 'resident', counts: false });
      });
      const score = pick(() => scoreDraw, w.outcome === 'agreement' || w.outcome === 'resolved-at-first-contact' ? SCORES : SCORES_AFTER_FAILURE);
      if (!rated) {
        w.step('closed', SYSTEM, feedbackAt + 7 * DAY, { rating: null, reason: 'no-rating-in-time' }, () => {
          w.stop('rating');
          w.status = 'closed';
        });
      } else if (score >= 3 || !dispute) {
        // A rating closes a case of the generic process whatever the score (it has no review).
        const at = feedbackAt + rateDelay;
        w.step('rated', clerk, at, { score, comment: null }, () => {
          w.stop('rating');
          w.rating = score;
          w.status = 'closed';
        });
        w.step('closed', clerk, at + 1, { rating: score });
      } else {
        const at = feedbackAt + rateDelay;
        w.step('rated', clerk, at, { score, comment: null }, () => {
          w.stop('rating');
          w.rating = score;
          w.status = 'review';
          w.start('return-visit', 'return-visit', 'returnVisit', at);
        });
        const visitDue = w.clocks.find((k) => k.id === 'return-visit')?.due ?? at;
        w.step('review-opened', clerk, at + 1, { score, returnVisitDue: Number.isFinite(visitDue) ? new Date(visitDue).toISOString() : null });
        w.step('return-visit-recorded', closer, at + visitDelay, { summary: '回访了解当事人意见', resolved: true }, () => w.stop('return-visit'));
        w.step('closed', closer, at + visitDelay + 1, { afterReturnVisit: true }, () => {
          w.status = 'closed';
        });
      }
      const last = w.steps[w.steps.length - 1];
      const status = last?.status ?? 'first-contact';
      const outcome = last?.outcome ?? null;
      const supervision = w.clocks
        .filter((k) => k.counts && k.colour === 'red')
        .map((k) => ({ clockId: k.id, orgUnit: k.orgUnit, reason: `${k.kind}-overdue`, due: k.due, openedAt: k.due }));
      return {
        id, orgUnit: i.orgUnit, kind: i.kind, category, severity, channel, title,
        description: `【演示历史数据】${title}。`,
        registeredAt: t0, registeredBy: clerk, parties, rule, firstReplyDue, mediationDue, jointHandlingDue, steps: w.steps,
        status, outcome, warning: w.warning(), rating: last?.rating ?? null,
        mediator: caseMediator, joint: jointState, clocks: w.caseClocks(), supervision,
        resume: resumeOf({ status, outcome, mediator: caseMediator, registeredAt: t0, steps: w.steps }),
      };
    },
  };
  return draft;
}
