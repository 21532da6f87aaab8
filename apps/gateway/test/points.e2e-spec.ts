import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  EventTypes,
  eventSubject,
  streamName,
  withPrefix,
  type FieldReportVerifiedData,
  type PointsAccountSummary,
  type PointsLedgerView,
  type PointsRulesVersion,
  type Problem,
} from '@fengqiao/contracts';
import { appendToOutbox, buildCloudEvent } from '@fengqiao/messaging';
import { verifyAuditChain } from '@fengqiao/audit';
import { readStream, waitFor } from '@fengqiao/testing';
import { standInToken, startPlatform, type Platform } from './platform.harness';

/**
 * Participation points (积分) through the public API. A resident's field report verified by a grid
 * worker reaches intake as the `field-report.verified` event, published exactly as intake publishes it
 * (its outbox, relayed to JetStream on `fq.evt.<grid>.field-report.verified`); the award shows in the
 * resident's ledger (eventually: the API says so, the test waits on the read with a deadline). A
 * re-published event for the same report awards nothing; an admin's new rules apply to the next award,
 * with the daily cap; a clerk of the ledger's town redeems (409 when the balance is short, once per
 * Idempotency-Key), a clerk of another town is refused; a leader corrects the ledger (never below zero);
 * every change is in the audit chain, which verifies.
 */
let p: Platform;
let resident: { token: string; remove: () => Promise<void> };
let admin: { token: string; remove: () => Promise<void> };
let sub: string;
let gridPath: string;
const GRID = '621102101201-01';
// One instant for every verification: the daily cap counts one China day, whenever the test runs.
const VERIFIED_AT = new Date().toISOString();

const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string; preferred_username: string };

beforeAll(async () => {
  p = await startPlatform('points');
  [resident, admin] = await Promise.all([standInToken('resident', null), standInToken('admin', null)]);
  sub = claims(resident.token).sub;
  [{ path: gridPath }] = await p.ctx.sql<{ path: string }>(`SELECT path FROM intake.org_units WHERE code = $1`, [GRID]);
}, 180_000);

afterAll(async () => {
  await Promise.all([resident?.remove(), admin?.remove()]);
  await p?.stop();
});

/** As intake announces a verification: its outbox, in the envelope and on the subject of its own code, relayed by intake. */
async function publishVerified(reportId: string, over: Partial<FieldReportVerifiedData> = {}): Promise<void> {
  const data: FieldReportVerifiedData = {
    reportId,
    residentSub: sub,
    residentUsername: claims(resident.token).preferred_username,
    kind: 'hazard',
    category: 'other',
    outcome: 'settled',
    gridCode: GRID,
    path: gridPath,
    verifiedBy: 'grid.621102101201',
    at: VERIFIED_AT,
    ...over,
  };
  const outbox = { query: (sql: string, params?: unknown[]) => p.ctx.sql(sql, params) } as unknown as EntityManager;
  await appendToOutbox(
    outbox,
    'intake',
    eventSubject(GRID, 'field-report', 'verified'),
    buildCloudEvent({ type: EventTypes.fieldReportVerified, source: '/fengqiao/intake', subject: GRID, data }),
  );
}

const ledgerOf = async (token: string, path = '/api/v1/points/me') => {
  const res = await p.api(path, { token });
  expect(res.status).toBe(200);
  return (await res.json()) as PointsLedgerView;
};
/** Awards are applied from the event: the read shows them within seconds (docs/api.md, Participation points). */
const balanceBecomes = (balance: number) =>
  waitFor(
    async () => {
      const l = await ledgerOf(resident.token);
      return l.balance === balance ? l : undefined;
    },
    { what: `balance ${balance}`, timeoutMs: 30_000 },
  );
/** Every verified event published so far has been handled and acknowledged by intake's points consumer. */
const consumerCaughtUp = async () => {
  const subject = withPrefix(p.ctx.prefix, `fq.evt.${GRID}.field-report.verified`);
  // First every event written to the outbox is on the stream (the relay took it), then the consumer acknowledged them all.
  const published = await waitFor(
    async () => {
      const [{ n }] = await p.ctx.sql<{ n: number }>(`SELECT count(*)::int AS n FROM intake.outbox WHERE type = $1`, [EventTypes.fieldReportVerified]);
      const msgs = await readStream(p.ctx.nats, streamName(p.ctx.prefix), subject);
      return msgs.length === n ? msgs : undefined;
    },
    { what: 'every verified event on the stream' },
  );
  const last = published.at(-1)!.seq;
  const jsm = await p.ctx.nats.jetstreamManager();
  await waitFor(
    async () => {
      const info = await jsm.consumers.info(streamName(p.ctx.prefix), 'intake-points');
      return info.ack_floor.stream_seq >= last && info.num_ack_pending === 0;
    },
    { what: 'the points consumer to acknowledge every verified event' },
  );
};
const problemOf = async (res: Response) => {
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return (await res.json()) as Problem & { code?: string };
};
const redeem = (token: string, body: unknown, key?: string) =>
  p.api(`/api/v1/points/residents/${sub}/redemptions`, {
    method: 'POST',
    token,
    body: JSON.stringify(body),
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });

describe('participation points', () => {
  const first = randomUUID();

  it('starts empty, and awards a verified report by the default rules (hazard settled: 5)', async () => {
    expect(await ledgerOf(resident.token)).toEqual({
      residentSub: sub,
      residentUsername: claims(resident.token).preferred_username,
      gridCode: null,
      balance: 0,
      entries: [],
    });
    await publishVerified(first);
    const ledger = await balanceBecomes(5);
    expect(ledger.gridCode).toBe(GRID);
    expect(ledger.entries).toEqual([
      expect.objectContaining({ kind: 'award', points: 5, balance: 5, reportId: first, ruleVersion: 1, capped: false, by: 'grid.621102101201' }),
    ]);
  });

  it('awards a report once: the same verification published again awards nothing', async () => {
    await publishVerified(first);
    await publishVerified(first, { outcome: 'sent' });
    await consumerCaughtUp();
    const ledger = await ledgerOf(resident.token);
    expect(ledger.balance).toBe(5);
    expect(ledger.entries).toHaveLength(1);
  });

  it("applies the admin's new rules to the next award, within the daily cap", async () => {
    const rules = {
      rules: [
        { kind: 'hazard', category: '*', outcome: 'settled', points: 7 },
        { kind: 'dispute', category: '*', outcome: 'sent', points: 10 },
        { kind: '*', category: '*', outcome: '*', points: 2 },
      ],
      dailyCap: 15,
      note: '提高隐患随手拍积分',
    };
    // Only an admin publishes; a clerk is refused before anything is stored.
    const byClerk = await p.api('/api/v1/points/rules', { method: 'PUT', token: await p.ctx.tokenFor('clerk.621102101'), body: JSON.stringify(rules) });
    expect(byClerk.status).toBe(403);
    const bad = await p.api('/api/v1/points/rules', { method: 'PUT', token: admin.token, body: JSON.stringify({ ...rules, rules: rules.rules.slice(0, 2) }) });
    expect(bad.status).toBe(422);
    expect((await problemOf(bad)).detail).toContain('积分规则有误 / The points rules have invalid fields');
    const res = await p.api('/api/v1/points/rules', { method: 'PUT', token: admin.token, body: JSON.stringify(rules) });
    expect(res.status).toBe(200);
    expect((await res.json()) as PointsRulesVersion).toMatchObject({ version: 2, dailyCap: 15, rules: rules.rules });
    const current = (await (await p.api('/api/v1/points/rules', { token: await p.ctx.tokenFor('clerk.621102101') })).json()) as PointsRulesVersion;
    expect(current.version).toBe(2);

    await publishVerified(randomUUID());
    await balanceBecomes(12);
    // A dispute sent to the centre is worth 10, but only 3 are left of the day's 15.
    const third = randomUUID();
    await publishVerified(third, { kind: 'dispute', category: 'neighbour', outcome: 'sent' });
    const ledger = await balanceBecomes(15);
    expect(ledger.entries[0]).toMatchObject({ kind: 'award', reportId: third, points: 3, ruleVersion: 2, capped: true });
  });

  it("lets a clerk of the ledger's town find the resident and redeem; short balance 409, once per Idempotency-Key", async () => {
    const clerk = await p.ctx.tokenFor('clerk.621102101');
    const found = (await (
      await p.api(`/api/v1/points/residents?username=${claims(resident.token).preferred_username}`, { token: clerk })
    ).json()) as PointsAccountSummary[];
    expect(found).toEqual([expect.objectContaining({ residentSub: sub, balance: 15, gridCode: GRID })]);

    const short = await redeem(clerk, { item: '电饭煲', points: 40 }, randomUUID());
    expect(short.status).toBe(409);
    const problem = await problemOf(short);
    expect(problem.code).toBe('POINTS_BALANCE_SHORT');
    expect(problem.detail).toBe('积分不足：余额 15 分，兑换需 40 分 / Not enough points: the balance is 15, the redemption needs 40');

    const key = randomUUID();
    const done = await redeem(clerk, { item: '洗衣粉', points: 10 }, key);
    expect(done.status).toBe(201);
    const after = (await done.json()) as PointsLedgerView;
    expect(after.balance).toBe(5);
    expect(after.entries[0]).toMatchObject({ kind: 'redeem', points: -10, balance: 5, item: '洗衣粉', by: 'clerk.621102101' });
    const again = await redeem(clerk, { item: '洗衣粉', points: 10 }, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as PointsLedgerView).balance).toBe(5);
    expect((await ledgerOf(clerk, `/api/v1/points/residents/${sub}`)).balance).toBe(5);

    const invalid = await redeem(clerk, { item: '', points: 0, extra: 1 });
    expect(invalid.status).toBe(422);
    expect((await problemOf(invalid)).code).toBe('POINTS_REDEMPTION_INVALID');
  });

  it("refuses another town's clerk, and the resident themself, any redemption", async () => {
    const other = await p.ctx.tokenFor('clerk.621102102');
    const read = await p.api(`/api/v1/points/residents/${sub}`, { token: other });
    expect(read.status).toBe(403);
    expect((await problemOf(read)).code).toBe('OUTSIDE_JURISDICTION');
    expect((await redeem(other, { item: '洗衣粉', points: 1 })).status).toBe(403);
    expect(await (await p.api('/api/v1/points/residents', { token: other })).json()).toEqual([]);
    expect((await redeem(resident.token, { item: '洗衣粉', points: 1 })).status).toBe(403);
    expect((await ledgerOf(resident.token)).balance).toBe(5);
  });

  it('lets a leader correct the ledger with a reason, never below zero', async () => {
    const leader = await p.ctx.tokenFor('leader.621102');
    const adjust = (token: string, body: unknown) =>
      p.api(`/api/v1/points/residents/${sub}/adjustments`, { method: 'POST', token, body: JSON.stringify(body) });
    const done = await adjust(leader, { points: -2, reason: '核实为重复上报' });
    expect(done.status).toBe(201);
    expect(((await done.json()) as PointsLedgerView).entries[0]).toMatchObject({
      kind: 'adjust',
      points: -2,
      balance: 3,
      note: '核实为重复上报',
      by: 'leader.621102',
    });
    const below = await adjust(leader, { points: -10, reason: '扣减' });
    expect(below.status).toBe(409);
    expect((await problemOf(below)).detail).toBe(
      '调整后余额将为负数：余额 3 分，扣减 10 分 / The adjustment would take the balance below zero: the balance is 3, the deduction 10',
    );
    expect((await adjust(leader, { points: 0, reason: '无' })).status).toBe(422);
    expect((await adjust(await p.ctx.tokenFor('clerk.621102101'), { points: 1, reason: '补录' })).status).toBe(403);
    expect((await ledgerOf(resident.token)).balance).toBe(3);
  });

  it('has every change in the hash-chained audit log, which verifies', async () => {
    const rows = await p.ctx.sql<{ action: string; result: string; subject_id: string; actor_name: string; detail: Record<string, unknown> }>(
      `SELECT action, result, subject_id, actor_name, detail FROM audit.entries WHERE subject_type IN ('points-ledger', 'points-rules') ORDER BY seq`,
    );
    expect(rows.map((r) => `${r.action} ${r.result} ${r.subject_id}`)).toEqual([
      `award.points allowed ${sub}`,
      'publish.points-rules allowed 2',
      `award.points allowed ${sub}`,
      `award.points allowed ${sub}`,
      `redeem.points denied ${sub}`,
      `redeem.points allowed ${sub}`,
      `redeem.points denied ${sub}`,
      `adjust.points allowed ${sub}`,
      `adjust.points denied ${sub}`,
    ]);
    expect(rows[0]!.detail).toMatchObject({ reportId: first, points: 5, ruleVersion: 1, verifiedBy: 'grid.621102101201' });
    expect(rows[4]!.detail).toMatchObject({ why: 'balance-short', points: 40, balance: 15 });
    expect(rows[5]).toMatchObject({ actor_name: 'clerk.621102101', detail: expect.objectContaining({ item: '洗衣粉', points: 10, balanceAfter: 5 }) });
    expect(rows[6]).toMatchObject({ actor_name: 'clerk.621102102', detail: expect.objectContaining({ why: 'outside-jurisdiction' }) });
    const verified = await verifyAuditChain((sql, params) => p.ctx.sql(sql, params));
    expect(verified.ok).toBe(true);
    // The ledger is append-only, as the audit log is.
    await expect(p.ctx.sql(`UPDATE intake.points_entries SET points = 100`)).rejects.toThrow(/append-only/);
  });
});
