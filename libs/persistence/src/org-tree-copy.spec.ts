import { copyOrgUnit, type Queryable } from './org-tree-copy';

describe('copyOrgUnit', () => {
  const unit = { code: '621102001', parent: '621102', path: '/6211/621102/621102001/' };
  const recorder = () => {
    const calls: { sql: string; params: unknown[] | undefined }[] = [];
    const q: Queryable = { query: async (sql, params) => void calls.push({ sql, params }) };
    return { q, calls };
  };

  it('upserts the unit into the schema copy, then re-paths each table filed at it', async () => {
    const { q, calls } = recorder();
    await copyOrgUnit(q, 'key_persons', unit, ['persons', 'exports']);
    expect(calls.map((c) => c.sql.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'INSERT INTO key_persons.org_units',
      'UPDATE key_persons.persons SET',
      'UPDATE key_persons.exports SET',
    ]);
    expect(calls[0]!.params).toEqual(['621102001', '621102', '/6211/621102/621102001/']);
    expect(calls[1]!.params).toEqual(['621102001', '/6211/621102/621102001/']);
  });

  it('refuses a schema or table name that is not a plain identifier', async () => {
    const { q, calls } = recorder();
    await expect(copyOrgUnit(q, 'x; DROP TABLE y', unit)).rejects.toThrow(/not a plain SQL identifier/);
    await expect(copyOrgUnit(q, 'petitions', unit, ['petitions"--'])).rejects.toThrow(/not a plain SQL identifier/);
    expect(calls.map((c) => c.sql.split(/\s+/)[0])).toEqual(['INSERT']);
  });
});
