import { CHINA_OFFSET_MS, defaultCalendar } from '@fengqiao/calendar';
import { defaultRoutingRules, resolveRule, type CaseKind, type Outcome, type RoutingRule } from '@fengqiao/contracts';
import { caseKindModules, firstReplyClock, kindModule, type CaseKindModule } from '@fengqiao/rules';
import {
  CATEGORY_SHARES,
  CHANNEL_SHARES,
  DISPUTE_TITLES,
  GIVEN,
  HISTORY_MIX,
  JOINT_DEPARTMENT,
  MEDIATORS,
  SCORES,
  SCORES_AFTER_FAILURE,
  SERVING,
  SEVERITY_SHARES,
  SURNAMES,
  UNIT_SHARES,
} from './demo-history.mix';
import { DEFAULT_CATEGORIES } from './demo-county.seed';
import { oneOf, pick, quota, seededRandom, shuffle, uuidFrom, type Rng } from './demo-history.random';
import { walkLegalAid } from './demo-history.legal-aid';
import { walkPetition } from './demo-history.petition';
import { CaseWalk, resumeOf, SYSTEM, type PlannedCase, type PlannedMediator } from './demo-history.walk';

export { HISTORY_MIX } from './demo-history.mix';
export { quota, seededRandom, uuidFrom } from './demo-history.random';
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
  const kindShares = seededKinds().map((m): [CaseKind, number] => [m.kind, m.demo!.share]);
  for (const [orgUnit, unitTimes] of byUnit) {
    const kinds = quota(rng, unitTimes.length, kindShares);
    const disputes = kinds.filter(walksDisputePath).length;
    const mediated = quota(rng, disputes, [
      [true, HISTORY_MIX.mediatedShare],
      [false, 1 - HISTORY_MIX.mediatedShare],
    ]);
    let d = 0;
    const walks = unitTimes.map((t, i) => {
      const kind = kinds[i]!;
      return planCase(rng, { orgUnit, kind, registeredAt: t, mediated: walksDisputePath(kind) && mediated[d++]!, end: o.end, rules });
    });
    // Outcomes of the mediated cases concluded before the end: agreements by quota of all mediated
    // (those still in mediation count in the denominator, as docs/metrics.md defines the rate).
    const concluded = walks.filter((w) => w.mediated && w.concludeAt < o.end);
    const agreements = Math.min(concluded.length, Math.round(HISTORY_MIX.agreementShare * walks.filter((w) => w.mediated).length));
    const outcomes = shuffle(rng, [...Array<Outcome>(agreements).fill('agreement'), ...quota(rng, concluded.length - agreements, HISTORY_MIX.otherOutcomes)]);
    concluded.forEach((w, i) => (w.outcome = outcomes[i]!));
    for (const w of walks) cases.push(w.finish());
  }
  return cases.sort((a, b) => a.registeredAt - b.registeredAt);
}

/**
 * The processes whose history the planner can walk, by workflow type: a kind declared on one of them
 * (with \`demo\`) is seeded with no change here; a kind with a process of its own needs its walk first
 * (petitions: demo-history.petition.ts; legal aid: demo-history.legal-aid.ts).
 */
const HISTORY_WALKS: Record<string, 'dispute-path' | 'generic' | 'petition' | 'legal-aid'> = {
  disputePath: 'dispute-path',
  caseHandling: 'generic',
  petitionProcess: 'petition',
  legalAidProcess: 'legal-aid',
};

/** The dispute path's walk: routing rules, mediation, joint handling and review (the generic walk has none). */
const walksDisputePath = (kind: string) => HISTORY_WALKS[kindModule(kind)!.process.workflowType] === 'dispute-path';

/** The declared kinds the demo history shows, in declaration order. */
export function seededKinds(): CaseKindModule[] {
  return caseKindModules().filter((m) => m.demo && HISTORY_WALKS[m.process.workflowType]);
}

interface CaseDraft {
  mediated: boolean;
  concludeAt: number;
  outcome: Outcome | null;
  finish(): PlannedCase;
}

function planCase(rng: Rng, i: { orgUnit: string; kind: CaseKind; registeredAt: number; mediated: boolean; end: number; rules: RoutingRule[] }): CaseDraft {
  const declared = kindModule(i.kind)!;
  const dispute = walksDisputePath(i.kind);
  const petition = HISTORY_WALKS[declared.process.workflowType] === 'petition';
  const legalAid = HISTORY_WALKS[declared.process.workflowType] === 'legal-aid';
  const category = pick(rng, CATEGORY_SHARES);
  const severity = dispute ? (i.mediated ? pick(rng, SEVERITY_SHARES.slice(0, 2)) : 'ordinary') : 'ordinary';
  const rule = dispute ? resolveRule(i.rules, category, severity) : null;
  const town = SERVING[i.orgUnit] ?? i.orgUnit;
  const clerk = `clerk.${town}`;
  const mediatorUser = (MEDIATORS[town] ?? MEDIATORS['621100']!).username!;
  const channel = pick(rng, CHANNEL_SHARES);
  const titles = declared.demo!.titles ?? DISPUTE_TITLES[category] ?? DISPUTE_TITLES['other']!;
  const title = oneOf(rng, titles);
  const person = () => `${oneOf(rng, SURNAMES)}${oneOf(rng, GIVEN)}`;
  const parties: PlannedCase['parties'] = [{ role: 'applicant', name: person() }];
  if (declared.demo!.respondent) parties.push({ role: 'respondent', name: person() });
  const id = uuidFrom(rng);
  const t0 = i.registeredAt;
  const w = new CaseWalk({ orgUnit: i.orgUnit, rule }, i.end);
  const firstReplyDue = Date.parse(firstReplyClock(defaultCalendar(), rule ?? defaultRoutingRules([])[0]!, i.orgUnit, t0).due);

  // Time draws happen now, outcome-independent, so the outcomes can be dealt out afterwards.
  const late = rng() < HISTORY_MIX.lateReplyShare;
  // A few recent disputes stall (nobody replies, or nobody settles after the reply): the open
  // yellow and red cases a board shows.
  const stallDraw = rng();
  const stalled = dispute && !i.mediated && i.registeredAt >= i.end - HISTORY_MIX.stallWindowDays * DAY && stallDraw < HISTORY_MIX.stalledShare;
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
      let mediationDue: number | null = null;
      let jointHandlingDue: number | null = null;
      let jointState: PlannedCase['joint'] = null;
      let caseMediator: PlannedCase['mediator'] = null;
      if (legalAid) {
        // The same draws as the other walks, read as an application's times; about one in eight is refused.
        oneOf(rng, ['phone', 'in-person', 'sms'] as const);
        walkLegalAid(w, {
          registeredAt: t0,
          officer: 'legal-aid.621102',
          clerk,
          applyHours: replyDelay / HOUR,
          decisionDays: 1 + feedbackDelay / HOUR / 4,
          assignHours: (assignDelay * 1.5) / HOUR,
          aidDays: 20 + mediationDays * 2,
          granted: scoreDraw > 0.12,
          rateDelay,
          score: pick(() => scoreDraw, SCORES),
        });
      } else if (petition) {
        // The same draws as the other walks (so their cases stay as they were), read as a petition's times.
        oneOf(rng, ['phone', 'in-person', 'sms'] as const);
        const officer = 'petition.621102';
        const score = pick(() => scoreDraw, SCORES);
        walkPetition(w, {
          registeredAt: t0,
          officer,
          clerk,
          acceptHours: (replyDelay / HOUR) * 4,
          handlingDays: 10 + feedbackDelay / HOUR,
          rated,
          rateDelay,
          score,
        });
      } else {
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
            w.step(
              'escalated',
              mediatorUser,
              escalateAt,
              { reason: '涉及多部门，转入市镇联动', leadOrgUnit: town, departments: [{ department: dept, orgUnit: town }], automatic: false },
              () => {
                for (const id of ['first-reply', 'first-contact', 'mediation']) w.stop(id);
                w.status = 'joint-handling';
                jointState = { leadOrgUnit: town, reason: '涉及多部门，转入市镇联动', parts: [part] };
                w.start(`report-in:${dept}@${town}`, 'report-in', 'reportIn', escalateAt, { owner: dept, orgUnit: town });
                jointHandlingDue = w.start('joint-handling', 'joint-handling', 'jointHandling', escalateAt, { orgUnit: town }).due;
              },
            );
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
      }
      const last = w.steps[w.steps.length - 1];
      const status = last?.status ?? 'first-contact';
      const outcome = last?.outcome ?? null;
      const supervision = w.clocks
        .filter((k) => k.counts && k.colour === 'red')
        .map((k) => ({ clockId: k.id, orgUnit: k.orgUnit, reason: `${k.kind}-overdue`, due: k.due, openedAt: k.due }));
      return {
        id,
        orgUnit: i.orgUnit,
        kind: i.kind,
        category,
        severity,
        channel,
        title,
        description: `【演示历史数据】${title}。`,
        registeredAt: t0,
        registeredBy: clerk,
        parties,
        rule,
        firstReplyDue,
        mediationDue,
        jointHandlingDue,
        steps: w.steps,
        status,
        outcome,
        warning: w.warning(),
        rating: last?.rating ?? null,
        mediator: caseMediator,
        joint: jointState,
        clocks: w.caseClocks(),
        supervision,
        resume: resumeOf({ status, outcome, mediator: caseMediator, registeredAt: t0, steps: w.steps }),
      };
    },
  };
  return draft;
}
