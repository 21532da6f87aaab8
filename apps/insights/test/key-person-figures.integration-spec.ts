import { randomUUID } from 'node:crypto';
import {
  Commands,
  KeyPersonEvents,
  streamName,
  withPrefix,
  type BoardView,
  type CloudEvent,
  type KeyPersonObligation,
  type KeyPersonRegisteredEvent,
  type KeyPersonRiskLevel,
  type KeyPersonStatsView,
  type ObligationRef,
} from '@fengqiao/contracts';
import { ensureEventsStream } from '@fengqiao/messaging';
import { createServiceDataSource } from '@fengqiao/persistence';
import { createTestContext, natsCommand, runAppScript, startApp, waitFor, type RunningApp, type TestContext } from '@fengqiao/testing';
import { INSIGHTS_SCHEMA } from '../src/config/insights.config';
import { KeyPersonStatsRepository } from '../src/key-persons/key-person-stats.repository';
import { createReportsActivities } from '../src/reports/reports.activities';
import { ReportsRepository } from '../src/reports/reports.repository';
import { StatsRepository } from '../src/stats/stats.repository';

/**
 * The key-person figures (docs/metrics.md, "Key persons") from events crafted as the key-persons
 * service publishes them (`fq.evt.<orgUnit>.key-person.<event>`, ids and codes only), delivered
 * backwards and twice: the stats handler over a past month and now, the board's tile, the monthly
 * report's section, jurisdiction, and the same after `rebuild.js`.
 */
let ctx: TestContext;
let insights: RunningApp;

const COUNTY = '621102';
const TOWN_A = '621102101';
const VILLAGE = '621102101201';
const TOWN_B = '621102102';
const PATHS: Record<string, string> = {
  [TOWN_A]: `/621100/${COUNTY}/${TOWN_A}/`,
  [VILLAGE]: `/621100/${COUNTY}/${TOWN_A}/${VILLAGE}/`,
  [TOWN_B]: `/621100/${COUNTY}/${TOWN_B}/`,
};
/** China time, as the events would carry it (`2026-03-05` is that day's 10:00 in Beijing). */
const at = (day: string, hhmm = '10:00') => new Date(`${day}T${hhmm}:00+08:00`).toISOString();

const events: Array<{ subject: string; event: CloudEvent }> = [];
function publishAs(orgUnit: string, name: string, time: string, data: object) {
  const event: CloudEvent = {
    specversion: '1.0',
    id: randomUUID(),
    source: '/key-persons',
    type: `cn.fengqiao.key-person.${name}.v1`,
    time,
    datacontenttype: 'application/json',
    data,
  };
  events.push({ subject: `fq.evt.${orgUnit}.key-person.${name}`, event });
}

/** One person's events in the order the service would publish them. */
function person(orgUnit: string, category: string, riskLevel: KeyPersonRiskLevel, registeredDay: string) {
  const personId = randomUUID();
  const registered: KeyPersonRegisteredEvent = { personId, orgUnit, orgPath: PATHS[orgUnit], category, riskLevel, at: at(registeredDay) };
  publishAs(orgUnit, KeyPersonEvents.registered, registered.at, registered);
  const ref = (obligation: KeyPersonObligation, dueDay: string): ObligationRef => ({
    personId,
    orgUnit,
    obligation,
    key: obligation,
    dueAt: at(dueDay, '23:59'),
  });
  const p = {
    personId,
    /** The run sets a due time on `plannedDay`. */
    plan(obligation: KeyPersonObligation, dueDay: string, plannedDay: string) {
      publishAs(orgUnit, KeyPersonEvents.obligationPlanned, at(plannedDay), ref(obligation, dueDay));
      return p;
    },
    met(obligation: KeyPersonObligation, dueDay: string, metDay: string) {
      const r = ref(obligation, dueDay);
      const metAt = at(metDay);
      publishAs(orgUnit, KeyPersonEvents.obligationMet, metAt, { ...r, metAt, onTime: metAt <= r.dueAt });
      return p;
    },
    warn(obligation: KeyPersonObligation, dueDay: string, colour: 'yellow' | 'red', day: string) {
      publishAs(orgUnit, KeyPersonEvents.warning, at(day), { ...ref(obligation, dueDay), colour, at: at(day) });
      return p;
    },
    risk(from: KeyPersonRiskLevel, to: KeyPersonRiskLevel, day: string) {
      publishAs(orgUnit, KeyPersonEvents.riskChanged, at(day), { personId, orgUnit, from, to, at: at(day) });
      return p;
    },
    remove(day: string) {
      publishAs(orgUnit, KeyPersonEvents.removed, at(day), { personId, orgUnit, category, at: at(day) });
      return p;
    },
  };
  return p;
}

// P1 (town A, low): the March contact met early; the next one due 2 April, never met (overdue now, not in March).
const p1 = person(TOWN_A, 'long-term-petitioner', 'low', '2026-02-10').plan('contact', '2026-03-05', '2026-02-10').met('contact', '2026-03-05', '2026-03-03');
p1.plan('contact', '2026-04-02', '2026-03-03');
// P2 (town A, medium → high on 8 March): the contact due 15 March is re-planned to 10 March (counted once, as the new one),
// met on time; the next (16 March) met late on the 18th; the next (25 March) open, yellow then red.
const p2 = person(TOWN_A, 'major-dispute-party', 'medium', '2026-02-20')
  .plan('contact', '2026-03-15', '2026-02-20')
  .risk('medium', 'high', '2026-03-08')
  .plan('contact', '2026-03-10', '2026-03-08')
  .met('contact', '2026-03-10', '2026-03-09')
  .plan('contact', '2026-03-16', '2026-03-09')
  .warn('contact', '2026-03-16', 'yellow', '2026-03-17')
  .met('contact', '2026-03-16', '2026-03-18')
  .plan('contact', '2026-03-25', '2026-03-18')
  .warn('contact', '2026-03-25', 'yellow', '2026-03-26')
  .warn('contact', '2026-03-25', 'red', '2026-03-28');
// P3 (village, high): removed on 6 March, before its first contact fell due: neither on the register nor due.
const p3 = person(VILLAGE, 'mental-illness-care', 'high', '2026-03-02').plan('contact', '2026-03-09', '2026-03-02').remove('2026-03-06');
// P4 (town B, low): a February contact met, the March one met on time; the quarterly assessment due 28 March yellow.
const p4 = person(TOWN_B, 'community-correction', 'low', '2026-01-05')
  .plan('contact', '2026-02-04', '2026-01-05')
  .met('contact', '2026-02-04', '2026-02-01')
  .plan('contact', '2026-03-06', '2026-02-01')
  .met('contact', '2026-03-06', '2026-03-05')
  .plan('contact', '2026-04-05', '2026-03-05')
  .plan('assessment', '2026-03-28', '2026-01-05')
  .warn('assessment', '2026-03-28', 'yellow', '2026-03-29');
// P5 (town B, medium): registered in April — not on the register at the end of March.
const p5 = person(TOWN_B, 'other', 'medium', '2026-04-10');
// P6 (village, low): registered 20 March, first contact due 19 April (overdue now).
const p6 = person(VILLAGE, 'other', 'low', '2026-03-20').plan('contact', '2026-04-19', '2026-03-20');
const PERSON_IDS = [p1, p2, p3, p4, p5, p6].map((p) => p.personId);

const MARCH = { from: '2026-03-01', to: '2026-04-01' };
const MARCH_COUNTY: KeyPersonStatsView = {
  orgUnit: COUNTY,
  onRegister: 4, // P1, P2, P4, P6
  byCategory: { 'long-term-petitioner': 1, 'major-dispute-party': 1, 'community-correction': 1, other: 1 },
  byRiskLevel: { low: 3, medium: 0, high: 1 },
  byUnit: { [TOWN_A]: 3, [TOWN_B]: 1 },
  contactsDue: 5, // P1 5 Mar, P2 10, 16 and 25 Mar (not 15 Mar: re-planned), P4 6 Mar (not P3's: removed first)
  contactsOnTime: 3, // P1 5 Mar, P2 10 Mar, P4 6 Mar (P2's 16 Mar met late)
  contactCompliance: 0.6,
  overdueContacts: 1, // P2 25 Mar
  warnings: { yellow: 1, red: 1 }, // P4's assessment; P2's contact
};

const statsOf = async (query: Record<string, string>, user = 'leader.621102') => {
  const r = await natsCommand<KeyPersonStatsView>(ctx, Commands.insights.keyPersonStats, query, await ctx.tokenFor(user));
  if (!r.ok) throw new Error(`key-person stats: ${JSON.stringify(r)}`);
  return r.value;
};

/** Nothing but numbers, nulls and codes (org units, categories, levels) — and never a person's id. */
function expectCountsAndCodesOnly(value: unknown) {
  const text = JSON.stringify(value);
  for (const id of PERSON_IDS) expect(text).not.toContain(id);
  const walk = (v: unknown): void => {
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return;
    if (typeof v === 'string') return void expect(v).toMatch(/^([0-9]{6}[0-9A-Za-z-]*|[a-z][a-z-]*|\d{4}-\d{2}(-\d{2})?|\/api\/v1\/[^ ]*|[0-9T:.Z-]+)$/);
    if (Array.isArray(v)) return v.forEach(walk);
    for (const [k, x] of Object.entries(v as object)) {
      expect(k).toMatch(/^([0-9]{6}[0-9A-Za-z-]*|[a-zA-Z][a-zA-Z-]*)$/);
      walk(x);
    }
  };
  walk(value);
}

beforeAll(async () => {
  ctx = await createTestContext('insights-key-persons');
  await runAppScript('insights', 'migrate.js', [], ctx.migrationEnv());
  insights = await startApp('insights', ctx.appEnv());
}, 180_000);

afterAll(async () => {
  await insights?.stop();
  await ctx?.dispose();
});

describe('successful key-person figures from the events stream', () => {
  it('applies key-person events published backwards and twice, and answers the month as it stood at its end', async () => {
    const jsm = await ctx.nats.jetstreamManager();
    await ensureEventsStream(jsm, ctx.prefix);
    const js = ctx.nats.jetstream();
    // Every person's events backwards (met before planned, removed before registered), then each again.
    const order = [...events].reverse().concat(
      events.filter((_, i) => i % 2 === 0),
      events.filter((_, i) => i % 2 === 1),
    );
    for (const [i, x] of order.entries()) await js.publish(withPrefix(ctx.prefix, x.subject), JSON.stringify(x.event), { msgID: `${x.event.id}#${i}` });
    expect((await jsm.streams.info(streamName(ctx.prefix))).state.messages).toBe(order.length);
    await waitFor(async () => (await ctx.sql<{ n: number }>(`SELECT count(*)::int AS n FROM insights.processed_events`))[0]!.n === events.length, {
      what: 'every key-person event applied',
      timeoutMs: 30_000,
    });

    const march = await statsOf({ orgUnit: COUNTY, ...MARCH });
    expect(march).toEqual(MARCH_COUNTY);
    expectCountsAndCodesOnly(march);
    // The town: its own persons under its code, the village's under the village.
    expect(await statsOf({ orgUnit: TOWN_A, ...MARCH }, 'key-person.621102101')).toMatchObject({
      orgUnit: TOWN_A,
      onRegister: 3,
      byUnit: { [TOWN_A]: 2, [VILLAGE]: 1 },
      byRiskLevel: { low: 2, medium: 0, high: 1 },
      contactsDue: 4,
      contactsOnTime: 2,
      contactCompliance: 0.5,
      overdueContacts: 1,
      warnings: { yellow: 0, red: 1 },
    });
    // February: P2 still medium (the change came on 8 March); one contact due (P4's), met on time.
    expect(await statsOf({ orgUnit: COUNTY, from: '2026-02-01', to: '2026-03-01' })).toMatchObject({
      onRegister: 3,
      byRiskLevel: { low: 2, medium: 1, high: 0 },
      contactsDue: 1,
      contactsOnTime: 1,
      contactCompliance: 1,
      overdueContacts: 0,
      warnings: { yellow: 0, red: 0 },
    });
    // Before anyone was registered: nothing due, so no compliance at all.
    expect(await statsOf({ orgUnit: COUNTY, from: '2025-12-01', to: '2026-01-01' })).toMatchObject({ onRegister: 0, contactsDue: 0, contactCompliance: null });
  });

  it('counts now without a window: everyone not removed, every contact past due and open', async () => {
    const now = await statsOf({ orgUnit: COUNTY });
    expect(now).toMatchObject({
      onRegister: 5, // P5 registered in April; P3 removed
      byUnit: { [TOWN_A]: 3, [TOWN_B]: 2 },
      byRiskLevel: { low: 3, medium: 1, high: 1 },
      overdueContacts: 4, // P1 2 Apr, P2 25 Mar, P4 5 Apr, P6 19 Apr: never met
      warnings: { yellow: 1, red: 1 },
    });
  });
});

describe('key-person figures for those allowed and only in their jurisdiction', () => {
  it('refuses a unit outside the caller’s jurisdiction and a role that may not read them', async () => {
    const other = await natsCommand(ctx, Commands.insights.keyPersonStats, { orgUnit: TOWN_B }, await ctx.tokenFor('key-person.621102101'));
    expect(other).toMatchObject({ ok: false, problem: { status: 403, code: 'OUTSIDE_JURISDICTION' } });
    const above = await natsCommand(ctx, Commands.insights.keyPersonStats, { orgUnit: '621100' }, await ctx.tokenFor('leader.621102'));
    expect(above).toMatchObject({ ok: false, problem: { status: 403, code: 'OUTSIDE_JURISDICTION' } });
    const clerk = await natsCommand(ctx, Commands.insights.keyPersonStats, { orgUnit: TOWN_A }, await ctx.tokenFor('clerk.621102101'));
    expect(clerk).toMatchObject({ ok: false, problem: { status: 403 } });
    const bad = await natsCommand(
      ctx,
      Commands.insights.keyPersonStats,
      { orgUnit: COUNTY, from: '2026-04-01', to: '2026-03-01' },
      await ctx.tokenFor('leader.621102'),
    );
    expect(bad).toMatchObject({ ok: false, problem: { status: 422, code: 'STATS_QUERY_INVALID' } });
  });

  it("shows the subtree's key persons on the board to a leader, and not to a clerk", async () => {
    const r = await natsCommand<BoardView>(ctx, Commands.insights.board, { orgUnit: COUNTY }, await ctx.tokenFor('leader.621102'));
    if (!r.ok) throw new Error(`board: ${JSON.stringify(r)}`);
    expect(r.value.keyPersons).toEqual({ onRegister: 5, yellow: 1, red: 1, overdueContacts: 4 });
    expectCountsAndCodesOnly(r.value);
    const clerk = await natsCommand<BoardView>(ctx, Commands.insights.board, { orgUnit: TOWN_A }, await ctx.tokenFor('clerk.621102101'));
    if (!clerk.ok) throw new Error(`board: ${JSON.stringify(clerk)}`);
    expect(clerk.value).not.toHaveProperty('keyPersons');
  });
});

describe('key-person figures rebuilt and reported', () => {
  it('gives identical figures after the read model is rebuilt from the stream', async () => {
    const queries = [{ orgUnit: COUNTY, ...MARCH }, { orgUnit: COUNTY }, { orgUnit: TOWN_A, from: '2026-02-01', to: '2026-03-01' }];
    const before = await Promise.all(queries.map((q) => statsOf(q)));
    const out = await runAppScript('insights', 'rebuild.js', [], ctx.appEnv());
    expect(out).toMatch(/rebuilt from \d+ event\(s\), 0 case\(s\), 6 key person\(s\)/);
    expect(await Promise.all(queries.map((q) => statsOf(q)))).toEqual(before);
    expect(before[0]).toEqual(MARCH_COUNTY);
  });

  it("puts a key-person section in the month's report: the register at its end, compliance, overdue, red", async () => {
    const ds = await createServiceDataSource({ url: ctx.appDatabaseUrl, schema: INSIGHTS_SCHEMA, entities: [], migrations: [] }).initialize();
    try {
      const activities = createReportsActivities({
        reports: new ReportsRepository(ds),
        stats: new StatsRepository(ds),
        keyPersons: new KeyPersonStatsRepository(ds),
        rules: { redMinOverdue: 1, yellowMinOpenYellow: 1, topCategories: 5 },
        font: { path: '/nonexistent' },
      });
      const unit = { code: COUNTY, name: '安定区', level: 'county' as const, path: `/621100/${COUNTY}/` };
      const march = await activities.buildMonthlyReport({ month: '2026-03', unit });
      expect(march.keyPersons).toEqual({
        stats: { onRegister: 4, low: 3, medium: 0, high: 1, contactsDue: 5, contactsOnTime: 3, contactCompliance: 0.6, overdueContacts: 1, red: 1 },
        previous: { onRegister: 3, low: 2, medium: 1, high: 0, contactsDue: 1, contactsOnTime: 1, contactCompliance: 1, overdueContacts: 0, red: 0 },
        change: { onRegister: 1, low: 1, medium: -1, high: 1, contactsDue: 4, contactsOnTime: 2, contactCompliance: -0.4, overdueContacts: 1, red: 1 },
      });
      expectCountsAndCodesOnly(march.keyPersons);
      const before = await activities.buildMonthlyReport({ month: '2025-12', unit });
      expect(before).not.toHaveProperty('keyPersons');
    } finally {
      await ds.destroy();
    }
  });
});
