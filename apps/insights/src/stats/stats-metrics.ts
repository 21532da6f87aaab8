import type { LegalAidStatsView, PetitionStatsView, StatsView } from '@fengqiao/contracts';
import { CONTRIBUTION_FIELDS, type Contribution } from '../projection/case-facts';

/** Sums over the rollup rows of a query; bigint so a city's millisecond sums stay exact. */
export type Totals = Record<keyof Contribution, bigint>;

export const ZERO_TOTALS: Totals = Object.fromEntries(CONTRIBUTION_FIELDS.map((f) => [f, 0n])) as unknown as Totals;

export function addToTotals(t: Totals, c: Contribution): Totals {
  return Object.fromEntries(CONTRIBUTION_FIELDS.map((f) => [f, t[f] + BigInt(c[f])])) as unknown as Totals;
}

/**
 * `numerator / denominator` rounded half-up to `decimals` places, in exact integer
 * arithmetic (no 0.xxxx5 lost to binary floating point); 0 when the denominator is 0.
 */
export function ratio(numerator: bigint, denominator: bigint, decimals = 4): number {
  if (denominator <= 0n) return 0;
  const scale = 10n ** BigInt(decimals);
  const scaled = (2n * numerator * scale + denominator) / (2n * denominator);
  return Number(scaled) / Number(scale);
}

const HOUR_MS = 3_600_000n;
const DAY_MS = 86_400_000n;

/**
 * The petition figures of docs/metrics.md; `t` must be summed over petitions only (the ratings
 * columns count every kind's ratings).
 */
export function petitionStatsFromTotals(t: Totals): PetitionStatsView {
  const n = (v: bigint) => Number(v);
  return {
    received: n(t.received),
    acceptanceDue: n(t.petitionAcceptanceDue),
    acceptedTimely: n(t.petitionAcceptedTimely),
    timelyAcceptanceRate: ratio(t.petitionAcceptedTimely, t.petitionAcceptanceDue),
    replied: n(t.petitionReplied),
    repliedOnTime: n(t.petitionRepliedOnTime),
    onTimeClosureRate: ratio(t.petitionRepliedOnTime, t.petitionReplied),
    rated: n(t.petitionRepliedRated),
    ratingParticipationRate: ratio(t.petitionRepliedRated, t.petitionReplied),
    petitionSatisfactionRate: ratio(t.ratingsSatisfied, t.ratings),
    reviewed: n(t.petitionRepliedReviewed),
    reviewRate: ratio(t.petitionRepliedReviewed, t.petitionReplied),
  };
}

/**
 * The legal-aid figures of docs/metrics.md; `t` must be summed over legal-aid cases only (the ratings
 * columns count every kind's ratings).
 */
export function legalAidStatsFromTotals(t: Totals): LegalAidStatsView {
  const n = (v: bigint) => Number(v);
  const decided = t.legalAidGranted + t.legalAidRefused;
  return {
    received: n(t.received),
    applications: n(t.legalAidApplications),
    notifications: n(t.legalAidNotifications),
    decided: n(decided),
    granted: n(t.legalAidGranted),
    refused: n(t.legalAidRefused),
    grantRate: ratio(t.legalAidGranted, decided),
    avgDecisionDays: ratio(t.legalAidDecisionMsSum, t.legalAidDecisionTimed * DAY_MS),
    assigned: n(t.legalAidAssigned),
    assignedOnTime: n(t.legalAidAssignedOnTime),
    onTimeAssignmentRate: ratio(t.legalAidAssignedOnTime, t.legalAidAssigned),
    ratings: n(t.ratings),
    legalAidSatisfactionRate: ratio(t.ratingsSatisfied, t.ratings),
    withdrawn: n(t.legalAidWithdrawn),
    terminated: n(t.legalAidTerminated),
    objections: n(t.legalAidObjections),
  };
}

/** The figures of docs/metrics.md from the summed rollups; with `kind=petition` or `kind=legal-aid`, that kind's block too. */
export function statsFromTotals(t: Totals, kind?: string): StatsView {
  const n = (v: bigint) => Number(v);
  return {
    received: n(t.received),
    closed: n(t.closed),
    closureRate: ratio(t.closed, t.received),
    resolvedAtFirstContact: n(t.resolvedAtFirstContact),
    mediated: n(t.mediated),
    mediationSucceeded: n(t.mediationSucceeded),
    mediationSuccessRate: ratio(t.mediationSucceeded, t.mediated),
    resolved: n(t.resolved),
    resolutionRate: ratio(t.resolved, t.received),
    closedOnTime: n(t.closedOnTime),
    onTimeRate: ratio(t.closedOnTime, t.closed),
    avgFirstReplyHours: ratio(t.firstReplyMsSum, t.firstReplyCount * HOUR_MS),
    satisfactionRate: ratio(t.ratingsSatisfied, t.ratings),
    warnings: { green: n(t.openGreen), yellow: n(t.openYellow), red: n(t.openRed) },
    ...(kind === 'petition' ? { petition: petitionStatsFromTotals(t) } : {}),
    ...(kind === 'legal-aid' ? { legalAid: legalAidStatsFromTotals(t) } : {}),
  };
}
