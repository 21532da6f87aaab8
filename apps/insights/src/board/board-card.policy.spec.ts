import { cardOf, subtreeTotals, type BoardRules, type UnitCounts } from './board-card.policy';
import { drillDown } from './board.service';

const RULES: BoardRules = { redOverdueMin: 1, complaintClusterMin: 3, complaintWindowDays: 7, yellowLateMin: 1 };
const counts = (green: number, yellow: number, red: number, complaints = 0): UnitCounts => ({ open: { green, yellow, red }, complaints });

describe('the card rule', () => {
  it('is green with nothing overdue, no late reporting and fewer complaints than a cluster', () => {
    expect(cardOf(counts(40, 0, 0, 2), RULES)).toEqual({ card: 'green', reasons: [] });
    expect(cardOf(counts(0, 0, 0), RULES)).toEqual({ card: 'green', reasons: [] });
  });

  it('is yellow when an open case has passed its yellow point (late reporting)', () => {
    expect(cardOf(counts(5, 1, 0), RULES)).toEqual({ card: 'yellow', reasons: ['late-reporting'] });
  });

  it('is red for an overdue case, whatever else', () => {
    expect(cardOf(counts(0, 4, 1), RULES)).toEqual({ card: 'red', reasons: ['overdue'] });
  });

  it('is red for a complaint cluster, even with every case on time', () => {
    expect(cardOf(counts(3, 0, 0, 3), RULES)).toEqual({ card: 'red', reasons: ['complaint-cluster'] });
    expect(cardOf(counts(3, 2, 2, 5), RULES)).toEqual({ card: 'red', reasons: ['overdue', 'complaint-cluster'] });
  });

  it('follows the configured thresholds', () => {
    const lenient: BoardRules = { redOverdueMin: 3, complaintClusterMin: 10, complaintWindowDays: 30, yellowLateMin: 5 };
    expect(cardOf(counts(0, 4, 2, 9), lenient)).toEqual({ card: 'green', reasons: [] });
    expect(cardOf(counts(0, 5, 2, 9), lenient)).toEqual({ card: 'yellow', reasons: ['late-reporting'] });
    expect(cardOf(counts(0, 5, 3, 9), lenient).card).toBe('red');
    expect(cardOf(counts(0, 0, 0, 10), lenient)).toEqual({ card: 'red', reasons: ['complaint-cluster'] });
  });
});

describe('subtree totals', () => {
  const paths = new Map([
    ['621100', '/621100/'],
    ['621102', '/621100/621102/'],
    ['621102101', '/621100/621102/621102101/'],
    ['621102101201', '/621100/621102/621102101/621102101201/'],
    ['621102102', '/621100/621102/621102102/'],
  ]);

  it("adds each unit's own counts to it and every unit above it, down to the unit asked about", () => {
    const own = new Map([
      ['621102101', counts(2, 0, 1)],
      ['621102101201', counts(1, 1, 0, 1)],
      ['621102102', counts(0, 0, 0, 3)],
      ['621100', counts(7, 0, 0)],
    ]);
    const t = subtreeTotals('621102', paths, own);
    expect([...t.keys()].sort()).toEqual(['621102', '621102101', '621102101201', '621102102']);
    expect(t.get('621102')).toEqual(counts(3, 1, 1, 4));
    expect(t.get('621102101')).toEqual(counts(3, 1, 1, 1));
    expect(t.get('621102101201')).toEqual(counts(1, 1, 0, 1));
    expect(t.get('621102102')).toEqual(counts(0, 0, 0, 3));
  });

  it('walks paths, never code prefixes', () => {
    const odd = new Map([...paths, ['6211021', '/621100/6211021/']]);
    const t = subtreeTotals('621102', odd, new Map([['6211021', counts(9, 9, 9, 9)]]));
    expect(t.get('621102')).toEqual(counts(0, 0, 0, 0));
    expect(t.has('6211021')).toBe(false);
  });
});

describe('the drill-down queries', () => {
  it('select the same subtree and cases as the counts, through the public case list', () => {
    const from = new Date('2026-11-16T10:00:00.000Z');
    expect(drillDown('621102101', from)).toEqual({
      green: '/api/v1/cases?orgUnit=621102101&open=true&warning=green',
      yellow: '/api/v1/cases?orgUnit=621102101&open=true&warning=yellow',
      red: '/api/v1/cases?orgUnit=621102101&open=true&warning=red',
      complaints: '/api/v1/cases?orgUnit=621102101&kind=complaint&registeredFrom=2026-11-16T10%3A00%3A00.000Z',
    });
  });
});
