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
  ADVANCE_AID_GROUNDS,
  ECONOMIC_EXEMPTIONS,
  LEGAL_AID_ACTIONS,
  LEGAL_AID_DOCUMENTS,
  LEGAL_AID_MATTERS,
  LEGAL_AID_OUTCOMES,
  LEGAL_AID_STATUSES,
  LegalAidClocks,
  LegalAidSteps,
  MATTER_RESULTS,
  NOTIFYING_BODIES,
  OBJECTION_DECISIONS,
  PROVIDER_TYPES,
  QUALITY_GRADES,
  SECTION_32_GROUNDS,
  TERMINATION_REASONS,
} from '@fengqiao/contracts';
import { legalAidPeriodsAt } from '@fengqiao/rules';
import { MATTER_INFO } from '../legal-aid/legal-aid.codes';
import { CODE_NAMES, en, zh } from './dictionary';

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
    ['legal-aid status', LEGAL_AID_STATUSES],
    ['legal-aid step', Object.values(LegalAidSteps)],
    ['legal-aid clock', Object.values(LegalAidClocks)],
    ['legal-aid clock owner', Object.values(legalAidPeriodsAt(Date.now()).periods).map((p) => p.owner)],
    ['legal-aid outcome', LEGAL_AID_OUTCOMES],
    ['legal-aid matter', LEGAL_AID_MATTERS],
    ['§32 ground', SECTION_32_GROUNDS],
    ['§42 exemption', ECONOMIC_EXEMPTIONS],
    ['notifying body', NOTIFYING_BODIES],
    ['§44 ground', ADVANCE_AID_GROUNDS],
    ['§48 reason', TERMINATION_REASONS],
    ['matter result', MATTER_RESULTS],
    ['quality grade', QUALITY_GRADES],
    ['objection decision', OBJECTION_DECISIONS],
    ['provider type', PROVIDER_TYPES],
    ['legal-aid document', LEGAL_AID_DOCUMENTS],
    ['screening outcome', ['eligible', 'ineligible', 'undetermined']],
    ['economic test result', ['passed', 'failed', 'exempt', 'not-required', 'no-standard', 'missing-facts']],
    ['screening rule', ['matter-covered', 'no-own-lawyer', 'statement-signed', 'economic-test', 'notification', 'custody-forwarding', 'advance-aid']],
  ])('has a Chinese and an English name for each %s', (_what, codes: readonly string[]) => {
    expect(codes.filter((c) => !CODE_NAMES[c]?.zh || !CODE_NAMES[c]?.en)).toEqual([]);
  });

  it('has a button label for each action', () => {
    expect(DISPUTE_ACTIONS.filter((a) => !(`action.${a}` in zh))).toEqual([]);
    expect(LEGAL_AID_ACTIONS.filter((a) => !(`action.${a}` in zh))).toEqual([]);
  });

  it('says what each legal-aid matter covers and its article, in both languages', () => {
    expect(LEGAL_AID_MATTERS.filter((m) => !MATTER_INFO[m]?.zh || !MATTER_INFO[m]?.en || !MATTER_INFO[m]?.article)).toEqual([]);
  });

  it('has every word in English too', () => {
    expect(Object.keys(zh).filter((k) => !en[k as keyof typeof zh])).toEqual([]);
  });

  it('keeps a name another kind gave a shared code (the legal-aid names do not replace them)', () => {
    expect(CODE_NAMES['withdrawn']!.zh).toBe('撤回');
    expect(CODE_NAMES['upheld']!.zh).toBe('维持');
    expect(CODE_NAMES['failed']!.zh).toBe('调解不成');
    expect(CODE_NAMES['refused']!.zh).toBe('不予援助');
  });
});
