import { POINTS_EARNER_ROLES, POINTS_READER_ROLES, POINTS_REDEEMER_ROLES } from '@fengqiao/rules';
import type { PointsEntryView, PointsRule } from '@fengqiao/contracts';

/** A signed change as the ledger shows it: `+5`, `-40`, `0`. */
export const signedPoints = (points: number): string => (points > 0 ? `+${points}` : String(points));

/** What an entry was for, in the words given: the report for an award, the item for a redemption. */
export function entryDetail(e: PointsEntryView, words: { report: string; capped: string }): string {
  const parts: string[] = [];
  if (e.reportId) parts.push(`${words.report} ${e.reportId.slice(0, 8)}`);
  if (e.item) parts.push(e.item);
  if (e.note) parts.push(e.note);
  if (e.capped) parts.push(`(${words.capped})`);
  return parts.join(' · ');
}

/** Whether a clerk may take `points` from a ledger: a positive whole number within the balance. */
export const mayRedeem = (balance: number, points: number | null | undefined): boolean =>
  typeof points === 'number' && Number.isInteger(points) && points >= 1 && points <= balance;

/** A rule's condition for the rules table: `*` shown as the word for "any". */
export const ruleCell = (rule: PointsRule, field: 'kind' | 'category' | 'outcome', any: string): string => (rule[field] === '*' ? any : rule[field]);

/** What the signed-in roles may do with points: the gateway's role lists (libs/rules), as the key-person screens do. */
export function pointsPowers(roles: readonly string[]) {
  const has = (list: readonly string[]) => list.some((r) => roles.includes(r));
  return { earn: has(POINTS_EARNER_ROLES), read: has(POINTS_READER_ROLES), redeem: has(POINTS_REDEEMER_ROLES) };
}
