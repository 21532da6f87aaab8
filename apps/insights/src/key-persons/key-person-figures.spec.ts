import { keyPersonMonthChange, keyPersonMonthFigures, keyPersonStatsView, keyPersonsTile, NO_KEY_PERSON_COUNTS } from './key-person-figures';

describe('the key-person figures from the counts', () => {
  const view = keyPersonStatsView('621102', {
    onRegister: [
      { category: 'long-term-petitioner', riskLevel: 'high', unit: '621102101', n: 2 },
      { category: 'long-term-petitioner', riskLevel: 'low', unit: '621102102', n: 1 },
      { category: 'other', riskLevel: 'low', unit: '621102101', n: 4 },
    ],
    contactsDue: 3,
    contactsOnTime: 2,
    overdueContacts: 1,
    yellow: 2,
    red: 1,
  });

  it('sums the register by category, level (every level present) and unit, and the compliance to 4 decimals', () => {
    expect(view).toEqual({
      orgUnit: '621102',
      onRegister: 7,
      byCategory: { 'long-term-petitioner': 3, other: 4 },
      byRiskLevel: { low: 5, medium: 0, high: 2 },
      byUnit: { '621102101': 6, '621102102': 1 },
      contactsDue: 3,
      contactsOnTime: 2,
      contactCompliance: 0.6667,
      overdueContacts: 1,
      warnings: { yellow: 2, red: 1 },
    });
  });

  it('has no compliance when nothing was due, and zeros for an empty register', () => {
    expect(keyPersonStatsView('621102101', NO_KEY_PERSON_COUNTS)).toEqual({
      orgUnit: '621102101',
      onRegister: 0,
      byCategory: {},
      byRiskLevel: { low: 0, medium: 0, high: 0 },
      byUnit: {},
      contactsDue: 0,
      contactsOnTime: 0,
      contactCompliance: null,
      overdueContacts: 0,
      warnings: { yellow: 0, red: 0 },
    });
  });

  it('gives the board its tile and the report its flat figures, the change null where a month had nothing due', () => {
    expect(keyPersonsTile(view)).toEqual({ onRegister: 7, yellow: 2, red: 1, overdueContacts: 1 });
    const month = keyPersonMonthFigures(view);
    expect(month).toEqual({
      onRegister: 7,
      low: 5,
      medium: 0,
      high: 2,
      contactsDue: 3,
      contactsOnTime: 2,
      contactCompliance: 0.6667,
      overdueContacts: 1,
      red: 1,
    });
    const empty = keyPersonMonthFigures(keyPersonStatsView('621102', NO_KEY_PERSON_COUNTS));
    expect(keyPersonMonthChange(month, empty)).toMatchObject({ onRegister: 7, high: 2, contactCompliance: null });
    expect(keyPersonMonthChange(month, { ...month, contactCompliance: 1 }).contactCompliance).toBe(-0.3333);
  });
});
