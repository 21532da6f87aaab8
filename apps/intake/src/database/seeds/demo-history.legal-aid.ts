import { LegalAidClocks, LegalAidSteps } from '@fengqiao/contracts';
import { legalAidPeriodsAt } from '@fengqiao/rules';
import { SYSTEM, type CaseWalk } from './demo-history.walk';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What the planner drew for one legal-aid application (the same draws as the other kinds' walks, read as its times). */
export interface LegalAidDraws {
  registeredAt: number;
  officer: string;
  /** Gives the facts at the window and records the applicant's rating on their behalf. */
  clerk: string;
  /** Hours from registration to the application's facts. */
  applyHours: number;
  /** Days from the application to the decision (a few run past the 7 days). */
  decisionDays: number;
  /** Hours from the grant to the assignment (a few past the 3 days). */
  assignHours: number;
  /** Days the provider acts before the matter ends. */
  aidDays: number;
  granted: boolean;
  rateDelay: number;
  score: number;
}

/** Demo providers' names as the legal-aid service's demo roster holds them. */
const PROVIDER = { name: '李明', organisation: '甘肃明德律师事务所' };

/**
 * A legal-aid application as `legalAidProcess` records it (workflows/legal-aid): the facts given and
 * screened (7-day review), granted (3 days to assign) and assigned, the matter ended (closure filing),
 * closed with materials, reviewed and rated; or refused, and closed when the objection window passes
 * unused. Later steps are cut off at the end like any walk's.
 */
export function walkLegalAid(w: CaseWalk, d: LegalAidDraws): void {
  const periods = legalAidPeriodsAt(d.registeredAt);
  const clock = (name: keyof typeof LegalAidClocks, at: number) => {
    const p = periods.periods[name];
    return w.startOn(LegalAidClocks[name], p, periods.yellowAt, at, { counts: p.counts, owner: p.owner });
  };
  w.status = 'application';
  w.step('routed', SYSTEM, d.registeredAt + 1_000, { periodsVersion: periods.version, source: periods.source }, () => {
    clock('application', d.registeredAt);
  });
  const appliedAt = d.registeredAt + Math.round(d.applyHours * HOUR);
  w.step(
    LegalAidSteps.applied,
    d.clerk,
    appliedAt,
    { matter: 'labour', assessment: d.granted ? 'eligible' : 'ineligible', economic: d.granted ? 'passed' : 'failed', article: '§43' },
    () => {
      w.stop(LegalAidClocks.application);
      w.status = 'legal-aid-review';
      clock('review', appliedAt);
    },
  );
  const decidedAt = appliedAt + Math.round(d.decisionDays * DAY);
  if (!d.granted) {
    let windowDue = Number.POSITIVE_INFINITY;
    w.step(LegalAidSteps.refused, d.officer, decidedAt, { reasons: ['不符合经济困难标准'], text: '决定不予法律援助（演示）', article: '§43' }, () => {
      w.stop(LegalAidClocks.review);
      w.status = 'refused';
      w.outcome = 'refused';
      windowDue = clock('objectionWindow', decidedAt).due;
    });
    w.step(LegalAidSteps.closed, SYSTEM, windowDue + 1, { outcome: 'refused', reason: 'objection-window-lapsed' }, () => {
      w.stop(LegalAidClocks.objectionWindow);
      w.status = 'closed';
    });
    return;
  }
  let assignmentDue = Number.POSITIVE_INFINITY;
  w.step(LegalAidSteps.granted, d.officer, decidedAt, { note: '给予法律援助（演示）', article: '§43' }, () => {
    w.stop(LegalAidClocks.review);
    w.status = 'assignment';
    assignmentDue = clock('assignment', decidedAt).due;
  });
  const assignedAt = decidedAt + Math.round(d.assignHours * HOUR);
  w.step(
    LegalAidSteps.assigned,
    d.officer,
    assignedAt,
    { providerName: PROVIDER.name, organisation: PROVIDER.organisation, reason: '专长：劳动报酬（演示）', onTime: assignedAt <= assignmentDue },
    () => {
      w.stop(LegalAidClocks.assignment);
      w.status = 'aid';
    },
  );
  const endedAt = assignedAt + Math.round(d.aidDays * DAY);
  w.step(LegalAidSteps.matterEnded, d.officer, endedAt, { result: 'mediated', endedOn: new Date(endedAt + 8 * HOUR).toISOString().slice(0, 10) }, () => {
    w.status = 'closure-filing';
    clock('closure', endedAt);
  });
  const filedAt = endedAt + Math.round((d.aidDays / 3) * DAY);
  w.step(LegalAidSteps.closureFiled, d.officer, filedAt, { summary: '结案材料已归档（演示）', materials: ['结案报告'] }, () => {
    w.stop(LegalAidClocks.closure);
    w.status = 'quality-review';
  });
  const reviewedAt = filedAt + 2 * DAY;
  w.step(LegalAidSteps.qualityReviewed, d.officer, reviewedAt, { grade: 'good' }, () => {
    w.status = 'awaiting-feedback';
    w.outcome = 'aided';
  });
  const ratedAt = reviewedAt + d.rateDelay;
  w.step(LegalAidSteps.rated, d.clerk, ratedAt, { score: d.score, comment: null }, () => {
    w.rating = d.score;
    w.status = 'closed';
  });
  w.step(LegalAidSteps.closed, d.clerk, ratedAt + 1, { outcome: 'aided', rating: d.score });
}
