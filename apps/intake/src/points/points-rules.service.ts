import type { DataSource, EntityManager } from 'typeorm';
import { ok, pointsRuleSetSchema, zodFieldErrors, type Caller, type PointsRule, type PointsRulesVersion, type Reply } from '@fengqiao/contracts';
import { appendAudit } from '@fengqiao/audit';
import { formatChinaTime } from '@fengqiao/calendar';
import { lockNextVersion } from '@fengqiao/persistence';
import type { ReferenceService } from '../reference/reference.service';
import { unknownCategoryErrors } from '../routing/routing-rules.service';
import { PointsFailures } from './points.failures';

interface StoredRules {
  version: number;
  rules: PointsRule[];
  daily_cap: number | null;
  note: string | null;
  published_by: string;
  published_at: Date;
}

const COLUMNS = `version, rules, daily_cap, note, published_by, published_at`;

const toVersion = (r: StoredRules): PointsRulesVersion => ({
  version: r.version,
  rules: r.rules,
  dailyCap: r.daily_cap,
  note: r.note,
  publishedBy: r.published_by,
  publishedAt: formatChinaTime(r.published_at),
});

/**
 * The points rules as versioned data (as routing rules are): every publish inserts version max+1 and is
 * audited; earlier versions stay (each award names the version it applied, and the table refuses updates).
 */
export class PointsRulesService {
  constructor(
    private readonly ds: DataSource,
    private readonly refs: ReferenceService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The version in force, read in the caller's transaction (an award applies what is published when it commits). */
  async current(m: EntityManager = this.ds.manager): Promise<PointsRulesVersion> {
    const [row] = (await m.query(`SELECT ${COLUMNS} FROM intake.points_rules ORDER BY version DESC LIMIT 1`)) as StoredRules[];
    // migrate.js seeds version 1; without it nothing can be awarded, so say so plainly.
    if (!row) throw new Error('no points rules published (run the intake migrate script, which seeds version 1)');
    return toVersion(row);
  }

  /** `{ version? }` from the query: the current version or the one asked for. */
  async get(payload: unknown): Promise<Reply<PointsRulesVersion>> {
    const raw = (payload ?? {}) as { version?: unknown };
    if (raw.version === undefined || raw.version === '') return ok(await this.current());
    const v = typeof raw.version === 'number' ? raw.version : typeof raw.version === 'string' && /^\d{1,9}$/.test(raw.version) ? Number(raw.version) : NaN;
    if (!Number.isSafeInteger(v) || v < 1)
      return PointsFailures.fail('POINTS_QUERY_INVALID', [{ path: 'version', message: '版本号应为正整数 / version must be a positive integer' }]);
    const [row] = (await this.ds.query(`SELECT ${COLUMNS} FROM intake.points_rules WHERE version = $1`, [v])) as StoredRules[];
    return row ? ok(toVersion(row)) : PointsFailures.fail('POINTS_RULES_VERSION_NOT_FOUND', { version: v });
  }

  /** A new version from an admin (the handler checked the role); audited in the same transaction. */
  async publish(body: unknown, caller: Caller, requestId?: string): Promise<Reply<PointsRulesVersion>> {
    const parsed = pointsRuleSetSchema.safeParse(body);
    if (!parsed.success) return PointsFailures.fail('POINTS_RULES_INVALID', zodFieldErrors(parsed.error));
    const known = new Set<string>();
    for (const r of parsed.data.rules) if (r.category !== '*' && (await this.refs.category(r.category))) known.add(r.category);
    const unknown = unknownCategoryErrors(parsed.data.rules, known);
    if (unknown.length) return PointsFailures.fail('POINTS_RULES_UNKNOWN_CATEGORY', unknown);
    const { rules, dailyCap } = parsed.data;
    const note = parsed.data.note || null;
    const saved = await this.ds.transaction(async (m) => {
      const version = await lockNextVersion(m, 'intake.points_rules');
      const [row] = (await m.query(
        `INSERT INTO intake.points_rules (version, rules, daily_cap, note, published_by, published_at)
         VALUES ($1, $2::jsonb, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [version, JSON.stringify(rules), dailyCap, note, caller.username, this.now()],
      )) as StoredRules[];
      await appendAudit(m, {
        actorId: caller.userId,
        actorName: caller.username,
        actorRoles: caller.roles,
        actorOrgUnit: caller.orgUnit,
        action: 'publish.points-rules',
        subjectType: 'points-rules',
        subjectId: String(row!.version),
        reason: note,
        requestId: requestId ?? null,
        result: 'allowed',
        detail: { version: row!.version, rules, dailyCap },
      });
      return row!;
    });
    return ok(toVersion(saved));
  }
}
