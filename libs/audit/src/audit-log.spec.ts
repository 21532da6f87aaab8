import type { EntityManager } from 'typeorm';
import { auditHash, GENESIS_HASH } from './audit-hash';
import { appendAudit, toAuditRecord, type AuditEntryInput } from './audit-log';

const input: AuditEntryInput = {
  actorId: 'u-1',
  actorName: '李四',
  actorRoles: ['mediator'],
  actorOrgUnit: '621102101',
  action: 'unmask.phone',
  subjectType: 'case-party',
  subjectId: 'p-1',
  reason: '电话回访',
  sourceIp: '10.1.2.3',
  requestId: 'r-1',
  result: 'allowed',
};

describe('toAuditRecord', () => {
  it('fills every optional field with null and keeps roles in order', () => {
    expect(toAuditRecord(7, new Date('2026-01-02T03:04:05.006Z'), { actorId: 'u', action: 'read.key-person', result: 'denied' })).toEqual({
      seq: 7,
      at: '2026-01-02T03:04:05.006000Z',
      actor_id: 'u',
      actor_name: null,
      actor_roles: [],
      actor_org_unit: null,
      action: 'read.key-person',
      subject_type: null,
      subject_id: null,
      reason: null,
      source_ip: null,
      request_id: null,
      result: 'denied',
      detail: null,
    });
  });

  it('refuses an entry without actor or action, or with another result', () => {
    expect(() => toAuditRecord(1, new Date(), { ...input, actorId: '' })).toThrow(/actorId/);
    expect(() => toAuditRecord(1, new Date(), { ...input, action: '' })).toThrow(/action/);
    expect(() => toAuditRecord(1, new Date(), { ...input, result: 'ok' as 'allowed' })).toThrow(/result/);
  });
});

/** A manager that answers the two statements appendAudit runs (lock the head; insert and advance it), like PostgreSQL would. */
function fakeManager(inTransaction: boolean) {
  const head = { seq: '0', hash: GENESIS_HASH };
  const inserted: unknown[][] = [];
  const statements: string[] = [];
  const m: { queryRunner: { isTransactionActive: boolean }; query: (sql: string, params?: unknown[]) => Promise<unknown[]>; transaction: jest.Mock } = {
    queryRunner: { isTransactionActive: inTransaction },
    query: async (sql: string, params: unknown[] = []) => {
      statements.push(sql.trim().split(/\s+/).slice(0, 3).join(' '));
      if (sql.includes('FOR UPDATE')) return [{ ...head }];
      if (/^WITH e AS \(\s*INSERT INTO audit\.entries/.test(sql) && sql.includes('UPDATE audit.chain_head')) {
        inserted.push(params);
        Object.assign(head, { seq: String(params[0]), hash: params[15] });
      }
      return [];
    },
    transaction: jest.fn(async (fn: (tm: unknown) => Promise<unknown>): Promise<unknown> => fn(m)),
  };
  return { m: m as unknown as EntityManager & typeof m, inserted, statements, head };
}

describe('appendAudit', () => {
  it('locks the head, inserts seq head+1 with the hash of prev_hash + record, and advances the head', async () => {
    const f = fakeManager(true);
    const a = await appendAudit(f.m, { ...input, detail: { z: 1, a: 2 } });
    const b = await appendAudit(f.m, input);
    expect([a.seq, b.seq]).toEqual([1, 2]);
    expect(f.statements.slice(0, 2)).toEqual(['SELECT seq, hash', 'WITH e AS']);
    const [p1, p2] = f.inserted;
    expect(p1[13]).toBe('{"a":2,"z":1}');
    expect(p1[14]).toBe(GENESIS_HASH);
    expect(a.hash).toBe(auditHash(GENESIS_HASH, toAuditRecord(1, String(p1[1]), { ...input, detail: { a: 2, z: 1 } })));
    expect(p2[14]).toBe(a.hash);
    expect(p2[13]).toBeNull();
    expect(f.head).toEqual({ seq: '2', hash: b.hash });
    expect(f.m.transaction).not.toHaveBeenCalled();
  });

  it('opens a transaction of its own when the caller has none', async () => {
    const f = fakeManager(false);
    await appendAudit(f.m, input);
    expect(f.m.transaction).toHaveBeenCalledTimes(1);
  });
});
