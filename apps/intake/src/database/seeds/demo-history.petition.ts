import { PetitionClocks, PetitionSteps } from '@fengqiao/contracts';
import { petitionPeriodsAt } from '@fengqiao/rules';
import { SYSTEM, type CaseWalk } from './demo-history.walk';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What the planner drew for one petition (the same draws as the other kinds' walks, so theirs stay as they were). */
export interface PetitionDraws {
  registeredAt: number;
  officer: string;
  /** Records the petitioner's rating on their behalf. */
  clerk: string;
  /** Hours to the acceptance decision. */
  acceptHours: number;
  /** Days from acceptance to the written reply. */
  handlingDays: number;
  rated: boolean;
  rateDelay: number;
  score: number;
}

/**
 * A petition as `petitionProcess` records it (workflows/petition): routed on the 15-day acceptance
 * clock, accepted (60-day handling), answered in writing (the 30-day review window), rated by some,
 * and closed when the window passes unused. Later steps are cut off at the end like any walk's.
 */
export function walkPetition(w: CaseWalk, d: PetitionDraws): void {
  const periods = petitionPeriodsAt(d.registeredAt);
  const clock = (name: keyof typeof PetitionClocks, at: number) => {
    const p = periods.periods[name];
    return w.startOn(PetitionClocks[name], p, periods.yellowAt, at, { counts: p.counts, owner: p.counts ? 'centre' : 'petitioner' });
  };
  w.status = 'acceptance';
  w.step('routed', SYSTEM, d.registeredAt + 1_000, { periodsVersion: periods.version, source: periods.source }, () => {
    clock('acceptance', d.registeredAt);
  });
  const acceptAt = d.registeredAt + Math.round(d.acceptHours * HOUR);
  w.step(PetitionSteps.accepted, d.officer, acceptAt, { message: '予以受理', by: null, article: '§22' }, () => {
    w.stop(PetitionClocks.acceptance);
    w.status = 'handling';
    clock('handling', acceptAt);
  });
  const replyAt = acceptAt + Math.round(d.handlingDays * DAY);
  let windowDue = Number.POSITIVE_INFINITY;
  w.step(PetitionSteps.replied, d.officer, replyAt, { text: '答复意见书（演示）', summary: '已依法答复' }, () => {
    w.stop(PetitionClocks.handling);
    w.status = 'replied';
    w.outcome = 'answered';
    windowDue = clock('reviewWindow', replyAt).due;
  });
  if (d.rated) {
    const at = replyAt + d.rateDelay;
    w.step(PetitionSteps.rated, d.clerk, at, { score: d.score, comment: null, article: '§21' }, () => {
      w.rating = d.score;
    });
  }
  w.step(PetitionSteps.closed, SYSTEM, windowDue + 1, { outcome: 'answered', reason: 'review-window-lapsed' }, () => {
    w.stop(PetitionClocks.reviewWindow);
    w.status = 'closed';
  });
}
