import type { DataSource, EntityManager } from 'typeorm';
import {
  cappedAward,
  matchPointsRule,
  ok,
  pointsAccountQuerySchema,
  pointsAdjustmentSchema,
  pointsAwardSourceSchema,
  pointsRedemptionSchema,
  residentSubSchema,
  zodFieldErrors,
  type Caller,
  type FieldReportVerifiedData,
  type PointsAccountSummary,
  type PointsEntryKind,
  type PointsEntryView,
  type PointsLedgerView,
  type Reply,
} from '@fengqiao/contracts';
import { appendAudit, type AuditEntryInput } from '@fengqiao/audit';
import { chinaDate, formatChinaTime } from '@fengqiao/calendar';
import { JurisdictionFailures, mayActOnUnit, reachOf } from '@fengqiao/rules';
import type { ReferenceService } from '../reference/reference.service';
import type { PointsRulesService } from './points-rules.service';
import { PointsFailures } from './points.failures';

interface StoredAccount {
  resident_sub: string;
  resident_username: string;
  grid_code: string;
  path: string;
  balance: number;
  updated_at: Date;
}

interface StoredEntry {
  seq: string;
  kind: PointsEntryKind;
  points: number;
  balance: number;
  at: Date;
  report_id: string | null;
  rule_version: number | null;
  capped: boolean;
  item: string | null;
  note: string | null;
  by_user: string;
}

/** The audit log's actor for awards: the service applying the rule to a grid worker's verification. */
export const POINTS_AWARD_ACTOR = { actorId: 'service:intake', actorName: 'intake (points rules)', actorRoles: ['service'] } as const;

/** How many entries a ledger read shows (newest first). */
const LEDGER_ENTRIES = 200;

const entryView = (e: StoredEntry): PointsEntryView => ({
  seq: Number(e.seq),
  kind: e.kind,
  points: e.points,
  balance: e.balance,
  at: formatChinaTime(e.at),
  ...(e.report_id !== null ? { reportId: e.report_id, ruleVersion: e.rule_version ?? undefined, capped: e.capped } : {}),
  ...(e.item !== null ? { item: e.item } : {}),
  ...(e.note !== null ? { note: e.note } : {}),
  by: e.by_user,
});

const summary = (a: StoredAccount): PointsAccountSummary => ({
  residentSub: a.resident_sub,
  residentUsername: a.resident_username,
  gridCode: a.grid_code,
  path: a.path,
  balance: a.balance,
  updatedAt: formatChinaTime(a.updated_at),
});

/** An entry a person makes: a redemption (negative, an item) or an adjustment (signed, a reason). */
interface LedgerChange {
  kind: 'redeem' | 'adjust';
  delta: number;
  item: string | null;
  note: string | null;
  reason: string;
  detail: Record<string, unknown>;
}

export type AwardOutcome = { awarded: true; points: number; balance: number } | { awarded: false; why: 'repeat' | 'unreadable' };

/**
 * Participation points: awards from verified field reports (once per report), residents' ledgers read
 * within jurisdiction, redemptions by a clerk. Each entry, the account's balance and the audit entry
 * commit in one transaction under the account's row lock, so the balance is always the sum of the ledger.
 */
export class PointsService {
  constructor(
    private readonly ds: DataSource,
    private readonly refs: ReferenceService,
    private readonly rules: PointsRulesService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Applies the rule in force to one verified report; a report already awarded (a redelivered or re-published event) awards nothing. */
  async award(data: FieldReportVerifiedData | unknown): Promise<AwardOutcome> {
    const parsed = pointsAwardSourceSchema.safeParse(data);
    if (!parsed.success) return { awarded: false, why: 'unreadable' };
    const d = parsed.data;
    return this.ds.transaction(async (m) => {
      const at = this.now();
      await m.query(
        `INSERT INTO intake.points_accounts (resident_sub, resident_username, grid_code, path, balance, updated_at) VALUES ($1, $2, $3, $4, 0, $5)
         ON CONFLICT (resident_sub) DO NOTHING`,
        [d.residentSub, d.residentUsername, d.gridCode, d.path, at],
      );
      // Every change of one resident's ledger queues here: the checks below see every earlier award.
      const account = (await this.lockAccount(m, d.residentSub))!;
      const [done] = (await m.query(`SELECT 1 FROM intake.points_entries WHERE report_id = $1`, [d.reportId])) as unknown[];
      if (done) return { awarded: false, why: 'repeat' } as const;
      const rules = await this.rules.current(m);
      const rule = matchPointsRule(rules.rules, d);
      // The day cap counts the China day the report was verified on.
      const day = chinaDate(new Date(d.at));
      const [{ earned }] = (await m.query(
        `SELECT coalesce(sum(points), 0)::int AS earned FROM intake.points_entries WHERE resident_sub = $1 AND kind = 'award' AND day = $2`,
        [d.residentSub, day],
      )) as [{ earned: number }];
      const points = cappedAward(rule.points, earned, rules.dailyCap);
      const balance = account.balance + points;
      await m.query(
        `INSERT INTO intake.points_entries (resident_sub, kind, points, balance, at, day, report_id, rule_version, capped, by_user)
         VALUES ($1, 'award', $2, $3, $4, $5, $6, $7, $8, $9)`,
        [d.residentSub, points, balance, at, day, d.reportId, rules.version, points < rule.points, d.verifiedBy],
      );
      await m.query(`UPDATE intake.points_accounts SET balance = $2, updated_at = $3 WHERE resident_sub = $1`, [d.residentSub, balance, at]);
      await appendAudit(m, {
        ...POINTS_AWARD_ACTOR,
        actorRoles: [...POINTS_AWARD_ACTOR.actorRoles],
        action: 'award.points',
        subjectType: 'points-ledger',
        subjectId: d.residentSub,
        reason: `field report ${d.reportId} ${d.outcome} by ${d.verifiedBy}`,
        result: 'allowed',
        detail: {
          reportId: d.reportId,
          kind: d.kind,
          category: d.category,
          outcome: d.outcome,
          gridCode: d.gridCode,
          verifiedBy: d.verifiedBy,
          ruleVersion: rules.version,
          rulePoints: rule.points,
          points,
          balance,
        },
      });
      return { awarded: true, points, balance } as const;
    });
  }

  /** The caller's own ledger (a resident): empty until their first verified report. */
  async mine(caller: Caller): Promise<Reply<PointsLedgerView>> {
    const [account] = (await this.ds.query(`SELECT * FROM intake.points_accounts WHERE resident_sub = $1`, [caller.userId])) as StoredAccount[];
    if (!account) return ok({ residentSub: caller.userId, residentUsername: caller.username, gridCode: null, balance: 0, entries: [] });
    return ok(await this.ledgerOf(this.ds.manager, account));
  }

  /** Residents' accounts whose unit lies in the caller's jurisdiction (an admin: all), optionally one username. */
  async listAccounts(query: unknown, caller: Caller): Promise<Reply<PointsAccountSummary[]>> {
    const parsed = pointsAccountQuerySchema.safeParse(query ?? {});
    if (!parsed.success) return PointsFailures.fail('POINTS_QUERY_INVALID', zodFieldErrors(parsed.error));
    const within = await this.jurisdictionPath(caller);
    if (within === undefined) return JurisdictionFailures.fail('NO_ORG_UNIT');
    const rows = (await this.ds.query(
      `SELECT * FROM intake.points_accounts WHERE starts_with(path, $1) AND ($2::text IS NULL OR resident_username = $2) ORDER BY resident_username LIMIT 500`,
      [within, parsed.data.username ?? null],
    )) as StoredAccount[];
    return ok(rows.map(summary));
  }

  /** One resident's ledger for a caller whose jurisdiction covers the ledger's unit. */
  async ledger(body: unknown, caller: Caller): Promise<Reply<PointsLedgerView>> {
    const sub = residentSubSchema.safeParse((body as { sub?: unknown } | undefined)?.sub);
    if (!sub.success) return PointsFailures.fail('POINTS_RESIDENT_INVALID', [{ path: 'sub', message: 'invalid' }]);
    const [account] = (await this.ds.query(`SELECT * FROM intake.points_accounts WHERE resident_sub = $1`, [sub.data])) as StoredAccount[];
    if (!account) return PointsFailures.fail('POINTS_ACCOUNT_NOT_FOUND');
    if (!mayActOnUnit(caller, { code: account.grid_code, path: account.path })) return JurisdictionFailures.fail('OUTSIDE_JURISDICTION');
    return ok(await this.ledgerOf(this.ds.manager, account));
  }

  /**
   * A clerk hands over an item for points: refused (409) when the balance is short, 403 outside the
   * ledger's unit; both attempts and the redemption are audited. `requestKey` (the client's
   * Idempotency-Key) is unique per caller: a repeat answers the ledger and redeems nothing again.
   */
  async redeem(body: unknown, caller: Caller, requestKey?: string, requestId?: string): Promise<Reply<PointsLedgerView>> {
    const { sub: rawSub, ...rest } = (body ?? {}) as { sub?: unknown };
    const sub = residentSubSchema.safeParse(rawSub);
    if (!sub.success) return PointsFailures.fail('POINTS_RESIDENT_INVALID', [{ path: 'sub', message: 'invalid' }]);
    const parsed = pointsRedemptionSchema.safeParse(rest);
    if (!parsed.success) return PointsFailures.fail('POINTS_REDEMPTION_INVALID', zodFieldErrors(parsed.error));
    const { item, points, note } = parsed.data;
    const change: LedgerChange = { kind: 'redeem', delta: -points, item, note: note || null, reason: item, detail: { item, points } };
    return this.change(sub.data, change, caller, requestKey, requestId, (balance) => PointsFailures.fail('POINTS_BALANCE_SHORT', { balance, points }));
  }

  /** A correction with a reason (a leader or admin, within the ledger's unit), signed; never below zero (409); audited. */
  async adjust(body: unknown, caller: Caller, requestKey?: string, requestId?: string): Promise<Reply<PointsLedgerView>> {
    const { sub: rawSub, ...rest } = (body ?? {}) as { sub?: unknown };
    const sub = residentSubSchema.safeParse(rawSub);
    if (!sub.success) return PointsFailures.fail('POINTS_RESIDENT_INVALID', [{ path: 'sub', message: 'invalid' }]);
    const parsed = pointsAdjustmentSchema.safeParse(rest);
    if (!parsed.success) return PointsFailures.fail('POINTS_ADJUSTMENT_INVALID', zodFieldErrors(parsed.error));
    const { points, reason } = parsed.data;
    const change: LedgerChange = { kind: 'adjust', delta: points, item: null, note: reason, reason, detail: { points } };
    return this.change(sub.data, change, caller, requestKey, requestId, (balance) =>
      PointsFailures.fail('POINTS_ADJUSTMENT_BELOW_ZERO', { balance, points: -points }),
    );
  }

  /** One entry by a person, under the account's lock, with its audit entry (a refused attempt audited as denied). */
  private change(
    sub: string,
    c: LedgerChange,
    caller: Caller,
    requestKey: string | undefined,
    requestId: string | undefined,
    short: (balance: number) => Reply<PointsLedgerView>,
  ): Promise<Reply<PointsLedgerView>> {
    return this.ds.transaction(async (m): Promise<Reply<PointsLedgerView>> => {
      const account = await this.lockAccount(m, sub);
      if (!account) return PointsFailures.fail('POINTS_ACCOUNT_NOT_FOUND');
      const audit = (result: 'allowed' | 'denied', detail: Record<string, unknown>): AuditEntryInput => ({
        actorId: caller.userId,
        actorName: caller.username,
        actorRoles: caller.roles,
        actorOrgUnit: caller.orgUnit,
        action: `${c.kind}.points`,
        subjectType: 'points-ledger',
        subjectId: account.resident_sub,
        reason: c.reason,
        requestId: requestId ?? null,
        result,
        detail: { ...c.detail, balance: account.balance, ...detail },
      });
      if (!mayActOnUnit(caller, { code: account.grid_code, path: account.path })) {
        await appendAudit(m, audit('denied', { why: 'outside-jurisdiction' }));
        return JurisdictionFailures.fail('OUTSIDE_JURISDICTION');
      }
      if (requestKey) {
        const [earlier] = (await m.query(`SELECT 1 FROM intake.points_entries WHERE by_sub = $1 AND request_key = $2`, [
          caller.userId,
          requestKey,
        ])) as unknown[];
        if (earlier) return ok(await this.ledgerOf(m, account));
      }
      const balance = account.balance + c.delta;
      if (balance < 0) {
        await appendAudit(m, audit('denied', { why: 'balance-short' }));
        return short(account.balance);
      }
      const at = this.now();
      const [entry] = (await m.query(
        `INSERT INTO intake.points_entries (resident_sub, kind, points, balance, at, day, item, note, by_user, by_sub, request_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING seq`,
        [account.resident_sub, c.kind, c.delta, balance, at, chinaDate(at), c.item, c.note, caller.username, caller.userId, requestKey ?? null],
      )) as { seq: string }[];
      await m.query(`UPDATE intake.points_accounts SET balance = $2, updated_at = $3 WHERE resident_sub = $1`, [account.resident_sub, balance, at]);
      await appendAudit(m, audit('allowed', { entry: Number(entry!.seq), balanceAfter: balance }));
      return ok(await this.ledgerOf(m, { ...account, balance }));
    });
  }

  private async lockAccount(m: EntityManager, sub: string): Promise<StoredAccount | undefined> {
    const [row] = (await m.query(`SELECT * FROM intake.points_accounts WHERE resident_sub = $1 FOR UPDATE`, [sub])) as StoredAccount[];
    return row;
  }

  private async ledgerOf(m: EntityManager, a: StoredAccount): Promise<PointsLedgerView> {
    const entries = (await m.query(
      `SELECT seq, kind, points, balance, at, report_id, rule_version, capped, item, note, by_user
         FROM intake.points_entries WHERE resident_sub = $1 ORDER BY seq DESC LIMIT ${LEDGER_ENTRIES}`,
      [a.resident_sub],
    )) as StoredEntry[];
    return { residentSub: a.resident_sub, residentUsername: a.resident_username, gridCode: a.grid_code, balance: a.balance, entries: entries.map(entryView) };
  }

  /** The path whose subtree the caller reaches: `/` for an admin, their unit's path, or undefined (no unit). */
  private async jurisdictionPath(caller: Caller): Promise<string | undefined> {
    const reach = reachOf(caller);
    if (reach.kind === 'everywhere') return '/';
    if (reach.kind === 'own-cases') return undefined;
    return (await this.refs.orgUnit(reach.unit))?.path;
  }
}
