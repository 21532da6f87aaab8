import type { DataSource, EntityManager } from 'typeorm';
import type { JetStreamClient, MsgHdrs } from 'nats';
import { OutboxRelay } from './outbox-relay';

interface OutboxRow {
  id: string;
  subject: string;
  event: unknown;
}

interface Publish {
  subject: string;
  data: string;
  msgID: string | undefined;
  contentType: string | undefined;
}

/** A DataSource whose transaction runs fn with a manager that records every query; a throw means rollback. */
function fakeDataSource(rows: OutboxRow[]) {
  const queries: Array<{ sql: string; params: unknown[] }> = [];
  const log: string[] = [];
  let committed = 0;
  let rolledBack = 0;
  const manager = {
    query: async (sql: string, params: unknown[] = []) => {
      queries.push({ sql, params });
      if (/^\s*SELECT/i.test(sql)) {
        log.push('select');
        return rows.slice(0, Number(params[0]));
      }
      if (/^\s*UPDATE/i.test(sql)) log.push('update');
      return [];
    },
  } as unknown as EntityManager;
  const ds = {
    transaction: async <T>(fn: (m: EntityManager) => Promise<T>): Promise<T> => {
      try {
        const r = await fn(manager);
        committed++;
        return r;
      } catch (e) {
        rolledBack++;
        throw e;
      }
    },
  } as unknown as DataSource;
  return { ds, queries, log, counts: () => ({ committed, rolledBack }) };
}

/** Records publish(subject, data, { msgID }); `failOn` makes that subject's publish throw. */
function fakeJetStream(log: string[], failOn?: string) {
  const published: Publish[] = [];
  const js = {
    publish: async (subject: string, data: string, opts: { msgID?: string; headers?: MsgHdrs }) => {
      log.push(`publish ${subject}`);
      if (subject === failOn) throw new Error('nats: timeout');
      published.push({ subject, data, msgID: opts.msgID, contentType: opts.headers?.get('Content-Type') });
      return { stream: 'FQ_EVENTS', seq: published.length, duplicate: false };
    },
  } as unknown as JetStreamClient;
  return { js, published };
}

const rows: OutboxRow[] = [
  { id: '11111111-1111-4111-8111-111111111111', subject: 'fq.evt.621102101.case.registered', event: { id: '1', data: { n: 1 } } },
  { id: '22222222-2222-4222-8222-222222222222', subject: 'fq.evt.621102102.case.registered', event: { id: '2', data: { n: 2 } } },
];

const updates = (queries: Array<{ sql: string; params: unknown[] }>) => queries.filter((q) => /^\s*UPDATE/i.test(q.sql));

describe('OutboxRelay.relayOnce', () => {
  it('successful-relay publishes each row under the prefixed subject with msgID = row id, then marks them all', async () => {
    const f = fakeDataSource(rows);
    const j = fakeJetStream(f.log);
    const relay = new OutboxRelay({ dataSource: f.ds, schema: 'intake', js: j.js, subjectPrefix: 't77' });

    await expect(relay.relayOnce()).resolves.toBe(2);

    expect(j.published).toEqual([
      {
        subject: 't77.fq.evt.621102101.case.registered',
        data: JSON.stringify(rows[0]?.event),
        msgID: rows[0]?.id,
        contentType: 'application/cloudevents+json',
      },
      {
        subject: 't77.fq.evt.621102102.case.registered',
        data: JSON.stringify(rows[1]?.event),
        msgID: rows[1]?.id,
        contentType: 'application/cloudevents+json',
      },
    ]);
    const marked = updates(f.queries);
    expect(marked).toHaveLength(1);
    expect(marked[0]?.sql).toContain('"intake".outbox');
    expect(marked[0]?.sql).toContain('published_at');
    expect(marked[0]?.params).toEqual([[rows[0]?.id, rows[1]?.id]]);
    // Marking comes only after every publish succeeded.
    expect(f.log).toEqual(['select', 'publish t77.fq.evt.621102101.case.registered', 'publish t77.fq.evt.621102102.case.registered', 'update']);
    expect(f.counts()).toEqual({ committed: 1, rolledBack: 0 });
  });

  it('successful-relay without a prefix publishes the stored subject unchanged', async () => {
    const f = fakeDataSource(rows.slice(0, 1));
    const j = fakeJetStream(f.log);
    await new OutboxRelay({ dataSource: f.ds, schema: 'intake', js: j.js }).relayOnce();
    expect(j.published.map((p) => p.subject)).toEqual(['fq.evt.621102101.case.registered']);
  });

  it('selects unpublished rows of its schema, locked with SKIP LOCKED, limited by batchSize', async () => {
    const f = fakeDataSource(rows);
    const j = fakeJetStream(f.log);
    await expect(new OutboxRelay({ dataSource: f.ds, schema: 'mediation', js: j.js, batchSize: 1 }).relayOnce()).resolves.toBe(1);
    const select = f.queries[0];
    expect(select?.sql).toMatch(/FROM "mediation"\.outbox WHERE published_at IS NULL ORDER BY bulk, created_at/);
    expect(select?.sql).toContain('FOR UPDATE SKIP LOCKED');
    expect(select?.params).toEqual([1]);
    expect(updates(f.queries)[0]?.params).toEqual([[rows[0]?.id]]);
  });

  it('uses a batch of 500 by default', async () => {
    const f = fakeDataSource([]);
    await new OutboxRelay({ dataSource: f.ds, schema: 'intake', js: fakeJetStream(f.log).js }).relayOnce();
    expect(f.queries[0]?.params).toEqual([500]);
  });

  it('pipelines a batch: every publish is sent before the first ack arrives', async () => {
    const f = fakeDataSource(rows);
    let inFlight = 0;
    let mostInFlight = 0;
    const js = {
      publish: async () => {
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return { stream: 'FQ_EVENTS', seq: 1, duplicate: false };
      },
    } as unknown as JetStreamClient;
    await expect(new OutboxRelay({ dataSource: f.ds, schema: 'intake', js }).relayOnce()).resolves.toBe(2);
    expect(mostInFlight).toBe(rows.length);
  });

  it('failing-publish marks nothing and rolls the transaction back, so the rows are sent again', async () => {
    const f = fakeDataSource(rows);
    const j = fakeJetStream(f.log, 'fq.evt.621102102.case.registered');
    const relay = new OutboxRelay({ dataSource: f.ds, schema: 'intake', js: j.js });

    await expect(relay.relayOnce()).rejects.toThrow('nats: timeout');

    expect(updates(f.queries)).toHaveLength(0);
    expect(f.counts()).toEqual({ committed: 0, rolledBack: 1 });
    expect(j.published.map((p) => p.msgID)).toEqual([rows[0]?.id]);
  });

  it('empty-outbox publishes nothing and issues no update', async () => {
    const f = fakeDataSource([]);
    const j = fakeJetStream(f.log);
    await expect(new OutboxRelay({ dataSource: f.ds, schema: 'intake', js: j.js }).relayOnce()).resolves.toBe(0);
    expect(j.published).toHaveLength(0);
    expect(updates(f.queries)).toHaveLength(0);
  });

  it('failing-relay on an invalid schema name before touching the database', async () => {
    const f = fakeDataSource(rows);
    const j = fakeJetStream(f.log);
    await expect(new OutboxRelay({ dataSource: f.ds, schema: 'bad"schema', js: j.js }).relayOnce()).rejects.toThrow(/invalid schema name/);
    expect(f.queries).toHaveLength(0);
  });
});

describe('OutboxRelay loop', () => {
  it('keeps relaying after an error and reports it through onError', async () => {
    const f = fakeDataSource(rows.slice(0, 1));
    const j = fakeJetStream(f.log, 'fq.evt.621102101.case.registered');
    const errors: unknown[] = [];
    const relay = new OutboxRelay({ dataSource: f.ds, schema: 'intake', js: j.js, idleDelayMs: 10_000, onError: (e) => errors.push(e) });
    relay.start();
    const deadline = Date.now() + 2_000;
    while (errors.length === 0 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    await relay.stop();
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(String(errors[0])).toContain('nats: timeout');
    expect(updates(f.queries)).toHaveLength(0);
  });
});
