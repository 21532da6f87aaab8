import type { PointsEntryView } from '@fengqiao/contracts';
import { entryDetail, mayRedeem, pointsPowers, ruleCell, signedPoints } from './points.helpers';

const entry = (e: Partial<PointsEntryView>): PointsEntryView => ({
  seq: 1,
  kind: 'award',
  points: 5,
  balance: 5,
  at: '2026-12-06T10:00:00+08:00',
  by: 'grid.1',
  ...e,
});
const words = { report: '随手拍', capped: '已达当日上限' };

describe('points helpers', () => {
  it('signs a change', () => {
    expect([signedPoints(5), signedPoints(-40), signedPoints(0)]).toEqual(['+5', '-40', '0']);
  });

  it('names the report of an award, the item of a redemption, and a capped award', () => {
    expect(entryDetail(entry({ reportId: '0c1d2e3f-aaaa-bbbb-cccc-000000000000', capped: true }), words)).toBe('随手拍 0c1d2e3f · (已达当日上限)');
    expect(entryDetail(entry({ kind: 'redeem', points: -40, item: '洗衣液', note: '平安超市' }), words)).toBe('洗衣液 · 平安超市');
  });

  it('lets a clerk redeem only a positive whole number within the balance', () => {
    expect(mayRedeem(40, 40)).toBe(true);
    expect(mayRedeem(40, 41)).toBe(false);
    expect(mayRedeem(40, 0)).toBe(false);
    expect(mayRedeem(40, 2.5)).toBe(false);
    expect(mayRedeem(40, undefined)).toBe(false);
  });

  it('shows * as the word for any', () => {
    expect(ruleCell({ kind: '*', category: 'neighbour', outcome: 'sent', points: 3 }, 'kind', '任意')).toBe('任意');
    expect(ruleCell({ kind: '*', category: 'neighbour', outcome: 'sent', points: 3 }, 'category', '任意')).toBe('neighbour');
  });

  it('follows the role lists: a resident earns, a leader reads, a clerk reads and redeems', () => {
    expect(pointsPowers(['resident'])).toEqual({ earn: true, read: false, redeem: false });
    expect(pointsPowers(['leader'])).toEqual({ earn: false, read: true, redeem: false });
    expect(pointsPowers(['clerk'])).toEqual({ earn: false, read: true, redeem: true });
    expect(pointsPowers(['grid-worker'])).toEqual({ earn: false, read: false, redeem: false });
  });
});
