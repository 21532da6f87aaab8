import type { EntityManager, QueryRunner } from 'typeorm';
import type { CloudEvent } from '@fengqiao/contracts';
import { appendToOutbox, createOutboxTable, quoteSchema } from './outbox';

interface RecordedQuery {
  sql: string;
  params?: unknown[];
}

function recordingManager() {
  const queries: RecordedQuery[] = [];
  const query = async (sql: string, params?: unknown[]) => {
    queries.push({ sql, params });
    return [];
  };
  return { queries, manager: { query } as unknown as EntityManager, runner: { query } as unknown as QueryRunner };
}

const event: CloudEvent<{ caseNo: string }> = {
  specversion: '1.0',
  id: '0b6f6f0e-8f0e-4c55-9d0a-7d7f5d1f0a11',
  source: '/fengqiao/intake',
  type: 'cn.fengqiao.case.registered.v1',
  time: '2026-11-20T01:30:00.000Z',
  datacontenttype: 'application/json',
  data: { caseNo: '621102101-2026-000001' },
};

describe('appendToOutbox', () => {
  it('inserts the event into <schema>.outbox with its id, subject, type and JSON body', async () => {
    const { queries, manager } = recordingManager();
    await appendToOutbox(manager, 'intake', 'fq.evt.621102101.case.registered', event);
    expect(queries).toHaveLength(1);
    expect(queries[0]?.sql).toContain('INSERT INTO "intake".outbox');
    expect(queries[0]?.params).toEqual([event.id, 'fq.evt.621102101.case.registered', event.type, JSON.stringify(event)]);
  });

  it.each(['Intake', 'intake; DROP TABLE x', 'in-take', '1intake', '"intake"', ''])('rejects the schema name %p without querying', async (schema) => {
    const { queries, manager } = recordingManager();
    await expect(appendToOutbox(manager, schema, 'fq.evt.x.case.registered', event)).rejects.toThrow(/invalid schema name/);
    expect(queries).toHaveLength(0);
  });
});

describe('quoteSchema / createOutboxTable', () => {
  it('quotes a valid schema name', () => {
    expect(quoteSchema('legal_aid')).toBe('"legal_aid"');
  });

  it('creates the table with its bulk lane and the unpublished index the relay reads in lane order', async () => {
    const { queries, runner } = recordingManager();
    await createOutboxTable(runner, 'intake');
    const sql = queries.map((q) => q.sql);
    expect(sql[0]).toContain('CREATE TABLE "intake".outbox');
    expect(sql).toContainEqual(expect.stringContaining('ADD COLUMN IF NOT EXISTS bulk boolean'));
    expect(sql[sql.length - 1]).toMatch(/CREATE INDEX outbox_unpublished ON "intake"\.outbox \(bulk, created_at\) WHERE published_at IS NULL/);
  });
});
