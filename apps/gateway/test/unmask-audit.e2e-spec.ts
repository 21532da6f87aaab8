import type { CaseView } from '@fengqiao/contracts';
import { runAppScript } from '@fengqiao/testing';
import { sampleCase, startPlatform, type Platform } from './platform.harness';

let p: Platform;
let created: CaseView;

interface AuditRow {
  seq: string;
  actor_name: string;
  action: string;
  subject_id: string;
  reason: string;
  result: string;
  detail: unknown;
}

const auditRows = () => p.ctx.sql<AuditRow>('SELECT seq, actor_name, action, subject_id, reason, result, detail FROM audit.entries ORDER BY seq');
const unmask = (token: string, body: unknown, party = 0) =>
  p.api(`/api/v1/cases/${created.id}/parties/${party}/unmask`, { method: 'POST', token, body: JSON.stringify(body) });

beforeAll(async () => {
  p = await startPlatform('unmask');
  const clerk = await p.ctx.tokenFor('clerk.621102101');
  const res = await p.api('/api/v1/cases', { method: 'POST', token: clerk, body: JSON.stringify(sampleCase()) });
  created = (await res.json()) as CaseView;
}, 180_000);

afterAll(() => p?.stop());

describe('unmasking personal data, audited', () => {
  it('reveals the ID and phone number to the clerk of the unit, and writes an allowed audit entry', async () => {
    const res = await unmask(await p.ctx.tokenFor('clerk.621102101'), { reason: '电话回访当事人' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ role: 'applicant', name: '王建国', idNumber: '11010519491231002X', phone: '13812345678' });
    const rows = await auditRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor_name: 'clerk.621102101',
      action: 'unmask.case-party',
      subject_id: `${created.id}#0`,
      reason: '电话回访当事人',
      result: 'allowed',
    });
    expect(JSON.stringify(rows)).not.toMatch(/11010519491231002X|13812345678/);
  });

  it('answers 404 to a sibling township and records the denied attempt', async () => {
    const before = (await auditRows()).length;
    const res = await unmask(await p.ctx.tokenFor('clerk.621102102'), { reason: '试图查看' });
    expect(res.status).toBe(404);
    const rows = await auditRows();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ actor_name: 'clerk.621102102', result: 'denied' });
  });

  it('refuses roles that may not see personal data (403) and requires a reason (422)', async () => {
    expect((await unmask(await p.ctx.tokenFor('dept.housing.621100'), { reason: 'x' })).status).toBe(403);
    const noReason = await unmask(await p.ctx.tokenFor('leader.621102'), {});
    expect(noReason.status).toBe(422);
  });

  it('keeps the chain verifiable, and the app role cannot alter an entry', async () => {
    const out = await runAppScript('intake', 'verify-audit.js', [], { DATABASE_URL: p.ctx.databaseUrl });
    expect(out).toMatch(/Audit log intact: 2 entries/);
    const { Client } = await import('pg');
    const app = new Client({ connectionString: p.ctx.appDatabaseUrl });
    await app.connect();
    try {
      await expect(app.query(`UPDATE audit.entries SET reason = 'covered up'`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`DELETE FROM audit.entries`)).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
  });
});
