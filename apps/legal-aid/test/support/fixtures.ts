import { randomUUID } from 'node:crypto';
import type { ApplicationFacts, Caller, CasePartyKeys, LegalAidMatter } from '@fengqiao/contracts';

/** A caller as the guard establishes it, for calling the services directly. */
export const caller = (username: string, roles: string[], orgUnit: string | null): Caller => ({
  userId: randomUUID(),
  username,
  roles,
  orgUnit,
  department: null,
});
export const ADMIN = caller('admin', ['admin'], '621100');

let n = 0;
/** A new legal-aid case of a unit (a unique number per test file run). */
export function newCase(orgUnit: string) {
  n += 1;
  return { caseId: randomUUID(), caseNo: `${orgUnit}-2026-${String(900000 + n).padStart(6, '0')}`, orgUnit };
}

export const facts = (matter: LegalAidMatter, monthlyIncome = 1000): ApplicationFacts => ({
  matter,
  hasOwnLawyer: false,
  statementSigned: true,
  household: { members: 2, monthlyIncome },
});

export const parties = (applicants: string[], opponents: string[] = [], linkedCaseIds: string[] = []): CasePartyKeys => ({
  applicants,
  opponents,
  linkedCaseIds,
});

/** Noon in China on a day of December 2026. */
export const dec = (day: number) => new Date(Date.UTC(2026, 11, day, 4)).toISOString();
