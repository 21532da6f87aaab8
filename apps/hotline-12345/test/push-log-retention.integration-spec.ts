import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createServiceDataSource, migrate } from '@fengqiao/persistence';
import { createTestContext, type TestContext } from '@fengqiao/testing';
import { HOTLINE_SCHEMA } from '../src/config/hotline.config';
import { hotlineEntities } from '../src/database/hotline.entities';
import { hotlineMigrations } from '../src/database/hotline.migrations';
import { PushLogRetention } from '../src/pushes/push-log-retention';

/**
 * The push log's retention on a real PostgreSQL: pushes sent (or dropped) longer ago than the retention
 * are deleted, pushes still owed never are, and two instances pruning at once delete each row once.
 */
let ctx: TestContext;
let ds: DataSource;

beforeAll(async () => {
  ctx = await createTestContext('hotline_retention');
  ds = createServiceDataSource({ url: ctx.databaseUrl, schema: HOTLINE_SCHEMA, entities: hotlineEntities, migrations: hotlineMigrations });
  await migrate(ds, HOTLINE_SCHEMA);
});

afterAll(async () => {
  if (ds?.isInitialized) await ds.destroy();
  await ctx?.dispose();
});

const retention = (batchSize: number) => new PushLogRetention({ ds, retentionDays: 180, intervalMs: 60_000, batchSize, log: () => undefined });

/** An order with pushes: `[status, age in days]` each (the age of its delivery, or of its creation). */
async function orderWith(pushes: Array<[string, number]>): Promise<string> {
  const orderNo = `GS12345-R-${randomUUID().slice(0, 8)}`;
  await ctx.sql(
    `INSERT INTO hotline.orders (centre, order_no, case_id, case_no, org_unit, org_path, category, status, received_at)
     VALUES ('gs-test', $1, $2, 'n', '621102101', '/621102/621102101/', '劳动', 'accepted', now() - interval '400 days')`,
    [orderNo, randomUUID()],
  );
  let seq = 0;
  for (const [status, days] of pushes) {
    await ctx.sql(
      `INSERT INTO hotline.pushes (id, centre, order_no, seq, kind, payload, status, next_attempt_at, created_at, delivered_at)
       VALUES ($1, 'gs-test', $2, $3, 'progress', '{}', $4, now(), now() - make_interval(days => $5), CASE WHEN $4 = 'delivered' THEN now() - make_interval(days => $5) END)`,
      [randomUUID(), orderNo, seq++, status, days],
    );
  }
  return orderNo;
}

const left = async (orderNo: string) =>
  (await ctx.sql<{ seq: number; status: string }>(`SELECT seq, status FROM hotline.pushes WHERE order_no = $1 ORDER BY seq`, [orderNo])).map(
    (r) => `${r.seq}:${r.status}`,
  );

describe('the push log keeps sent pushes for the retention', () => {
  it('deletes pushes delivered or dropped longer ago than the retention, and keeps recent and owed ones', async () => {
    const orderNo = await orderWith([
      ['delivered', 200],
      ['delivered', 181],
      ['delivered', 179],
      ['dropped', 365],
      ['pending', 300],
      ['held', 300],
      ['delivered', 1],
    ]);
    expect(await retention(2).prune()).toBe(3);
    expect(await left(orderNo)).toEqual(['2:delivered', '4:pending', '5:held', '6:delivered']);
    expect(await retention(2).prune()).toBe(0);
  });

  it('lets two instances prune at once: every old row is deleted once, none twice', async () => {
    const orders = await Promise.all([0, 1, 2, 3].map(() => orderWith(Array.from({ length: 25 }, () => ['delivered', 365] as [string, number]))));
    const [a, b] = await Promise.all([retention(7).prune(), retention(7).prune()]);
    expect(a + b).toBe(100);
    for (const o of orders) expect(await left(o)).toEqual([]);
  });
});
