import type { EntityManager } from 'typeorm';
import { allocateCaseNo, formatCaseNo } from './case-number.allocator';

describe('formatCaseNo', () => {
  it('is <orgUnit>-<year>-<seq padded to 6>', () => {
    expect(formatCaseNo('621102101', 2026, 123)).toBe('621102101-2026-000123');
    expect(formatCaseNo('621102', 2027, 1)).toBe('621102-2027-000001');
    expect(formatCaseNo('621102101201', 2026, 999999)).toBe('621102101201-2026-999999');
  });

  it('does not truncate a sequence beyond six digits', () => {
    expect(formatCaseNo('621102101', 2026, 1234567)).toBe('621102101-2026-1234567');
  });
});

describe('allocateCaseNo', () => {
  it('upserts the counter for the org unit and year and formats the returned value', async () => {
    const calls: Array<{ sql: string; params: unknown[] }> = [];
    const m = {
      query: async (sql: string, params: unknown[]) => {
        calls.push({ sql, params });
        return [{ last_value: 42 }];
      },
    } as unknown as EntityManager;
    await expect(allocateCaseNo(m, '621102101', 2026)).resolves.toBe('621102101-2026-000042');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.params).toEqual(['621102101', 2026]);
    expect(calls[0]?.sql).toContain('ON CONFLICT (org_unit, year)');
  });
});
