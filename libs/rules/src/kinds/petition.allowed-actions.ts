import { PetitionClocks, type CaseClock, type PetitionAction } from '@fengqiao/contracts';
import type { ProcessStateView } from './case-kind';

/** What the petition's allowed actions depend on: the common view, and whether the petitioner has rated. */
export type PetitionStateView = ProcessStateView & { rating?: number | null };

const running = (clocks: readonly CaseClock[], id: string) => clocks.find((c) => c.id === id);

/** The staff deadline of the stage a hearing can stop (handling, review, re-review). */
const HEARING_CLOCKS: readonly string[] = [PetitionClocks.handling, PetitionClocks.review, PetitionClocks.reReview];

/**
 * The whole state machine of the petition process in one place (the kind declaration and the
 * workflow's validator both use it); anything else is refused (409 with this list). Pure.
 */
export function petitionAllowedActions(s: PetitionStateView): PetitionAction[] {
  const hearingClock = s.clocks.find((c) => HEARING_CLOCKS.includes(c.id));
  // A hearing stops the stage: only its end (and a pending extension's decision) until then (§36).
  if (hearingClock?.pausedAt) return s.extensionRequest ? ['hearing-end', 'approve-extension'] : ['hearing-end'];
  const hearing: PetitionAction[] = hearingClock ? ['hearing-start'] : [];
  const rate: PetitionAction[] = s.rating === null || s.rating === undefined ? ['rate'] : [];
  switch (s.status) {
    case 'acceptance':
      return ['accept', 'not-accept', 'forward'];
    case 'forwarded':
      // The receiving body accepts or refuses; it may object only within its 5 working days (§23).
      return running(s.clocks, PetitionClocks.objection) ? ['accept', 'not-accept', 'object'] : ['accept', 'not-accept'];
    case 'handling': {
      const extension: PetitionAction[] = s.extensionRequest
        ? ['approve-extension']
        : running(s.clocks, PetitionClocks.handling)?.extendedDays
          ? [] // one extension only (§34)
          : ['request-extension'];
      return ['reply', ...extension, ...hearing];
    }
    case 'replied':
      return [...(running(s.clocks, PetitionClocks.reviewWindow) ? (['request-review'] as const) : []), ...rate];
    case 'petition-review':
      if (running(s.clocks, PetitionClocks.review)) return ['decide-review', ...hearing, ...rate];
      return [...(running(s.clocks, PetitionClocks.reReviewWindow) ? (['request-re-review'] as const) : []), ...rate];
    case 'petition-re-review':
      return ['decide-re-review', ...hearing, ...rate];
    default:
      return []; // closed, or not a stage of the petition process
  }
}
