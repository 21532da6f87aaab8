import type { EntityManager } from 'typeorm';

/**
 * Next case number for an org unit and year, `<orgUnit>-<year>-<seq:6>`. The counter row is
 * locked by the upsert until the registering transaction ends, so concurrent registrations
 * queue on it and a rolled-back registration gives its number back: no gaps, no duplicates.
 */
export async function allocateCaseNo(m: EntityManager, orgUnit: string, year: number): Promise<string> {
  const rows: Array<{ last_value: number }> = await m.query(
    `INSERT INTO intake.case_sequences (org_unit, year, last_value) VALUES ($1, $2, 1)
     ON CONFLICT (org_unit, year) DO UPDATE SET last_value = intake.case_sequences.last_value + 1
     RETURNING last_value`,
    [orgUnit, year],
  );
  return formatCaseNo(orgUnit, year, rows[0]!.last_value);
}

export function formatCaseNo(orgUnit: string, year: number, seq: number): string {
  return `${orgUnit}-${year}-${String(seq).padStart(6, '0')}`;
}
