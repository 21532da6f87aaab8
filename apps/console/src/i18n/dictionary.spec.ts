import {
  CASE_KINDS,
  CASE_STATUSES,
  CHANNELS,
  DEPARTMENTS,
  DISPUTE_ACTIONS,
  FEEDBACK_CHANNELS,
  FORWARD_MODES,
  GENERIC_OUTCOMES,
  NOT_ACCEPTED_REASONS,
  OUTCOMES,
  PETITION_OUTCOMES,
  PetitionClocks,
  PetitionSteps,
  REVIEW_DECISIONS,
  PARTY_ROLES,
  TEAMS,
} from '@fengqiao/contracts';
import { CODE_NAMES, zh } from './dictionary';

describe('the console names every code of the contracts', () => {
  it.each([
    ['status', CASE_STATUSES],
    ['kind', CASE_KINDS],
    ['channel', CHANNELS],
    ['department', DEPARTMENTS],
    ['outcome', OUTCOMES],
    ['generic outcome', GENERIC_OUTCOMES],
    ['feedback channel', FEEDBACK_CHANNELS],
    ['party role', PARTY_ROLES],
    ['mediation team', TEAMS],
    ['petition outcome', PETITION_OUTCOMES],
    ['reason a petition is not accepted', NOT_ACCEPTED_REASONS],
    ['forwarding mode', FORWARD_MODES],
    ['review decision', REVIEW_DECISIONS],
    ['petition clock', Object.values(PetitionClocks)],
    ['petition step', Object.values(PetitionSteps)],
  ])('has a Chinese and an English name for each %s', (_what, codes: readonly string[]) => {
    expect(codes.filter((c) => !CODE_NAMES[c]?.zh || !CODE_NAMES[c]?.en)).toEqual([]);
  });

  it('has a button label for each action', () => {
    expect(DISPUTE_ACTIONS.filter((a) => !(`action.${a}` in zh))).toEqual([]);
  });
});
