import { listCasesQuerySchema } from '../cases/case.schema';
import { boardQuerySchema } from './board';

describe('the board query', () => {
  it('takes an optional org unit and nothing else', () => {
    expect(boardQuerySchema.parse({})).toEqual({});
    expect(boardQuerySchema.parse({ orgUnit: '621102101' })).toEqual({ orgUnit: '621102101' });
    expect(boardQuerySchema.safeParse({ orgUnit: 'x; drop' }).success).toBe(false);
    expect(boardQuerySchema.safeParse({ page: '1' }).success).toBe(false);
  });
});

describe("the case list filters behind the board's drill-down", () => {
  it('accepts open=true|false and an instant with an offset for registeredFrom', () => {
    expect(listCasesQuerySchema.parse({ orgUnit: '621102101', open: 'true', warning: 'red' })).toMatchObject({ open: 'true', warning: 'red' });
    expect(listCasesQuerySchema.parse({ kind: 'complaint', registeredFrom: '2026-11-16T10:00:00.000Z' })).toMatchObject({
      registeredFrom: '2026-11-16T10:00:00.000Z',
    });
    expect(listCasesQuerySchema.safeParse({ open: 'yes' }).success).toBe(false);
    expect(listCasesQuerySchema.safeParse({ registeredFrom: '2026-11-16' }).success).toBe(false);
  });
});
