import type { DataSource } from 'typeorm';
import {
  ok,
  resolveRule,
  routingRuleSetSchema,
  SEVERITIES,
  zodFieldErrors,
  type Caller,
  type CategoryView,
  type FieldError,
  type Reply,
  type RoutingRule,
  type RoutingRulesVersion,
  type Severity,
} from '@fengqiao/contracts';
import { hasAnyRole } from '@fengqiao/auth';
import { REFERENCE_DATA_WRITER_ROLES } from '@fengqiao/rules';
import { ExpiringLoad, lockNextVersion } from '@fengqiao/persistence';
import { formatChinaTime } from '@fengqiao/calendar';
import type { ReferenceService } from '../reference/reference.service';
import { RoutingRulesEntity } from './routing.entities';
import { RoutingFailures } from './routing.failures';

export type RoutingRulesSummary = Omit<RoutingRulesVersion, 'rules'>;

/** A field error for every rule naming a category that does not exist (`*` matches any). */
export function unknownCategoryErrors(rules: readonly Pick<RoutingRule, 'category'>[], known: ReadonlySet<string>): FieldError[] {
  return rules.flatMap((r, i) =>
    r.category === '*' || known.has(r.category)
      ? []
      : [{ path: `rules[${i}].category`, message: `未知的案件类别“${r.category}” / unknown category "${r.category}"` }],
  );
}

function toVersion(row: RoutingRulesEntity): RoutingRulesVersion {
  return { version: row.version, note: row.note, rules: row.rules, publishedBy: row.publishedBy, publishedAt: formatChinaTime(row.publishedAt) };
}

/**
 * Routing rules as versioned data. Every publish inserts version max+1; earlier versions stay
 * as they were (cases keep the version they were routed by, and the table refuses updates).
 */
export class RoutingRulesService {
  private readonly newest: ExpiringLoad<RoutingRulesVersion>;

  constructor(
    private readonly ds: DataSource,
    private readonly refs: ReferenceService,
    ttlMs = 5_000,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.newest = new ExpiringLoad(() => this.loadCurrent(), ttlMs);
  }

  /** The newest published version; cached briefly (another instance's publish shows within `ttlMs`). */
  current(): Promise<RoutingRulesVersion> {
    return this.newest.get();
  }

  async version(v: number): Promise<RoutingRulesVersion | undefined> {
    if (!Number.isSafeInteger(v) || v < 1) return undefined;
    const row = await this.ds.getRepository(RoutingRulesEntity).findOneBy({ version: v });
    return row ? toVersion(row) : undefined;
  }

  /** Every published version without its rules, newest first. */
  async history(): Promise<RoutingRulesSummary[]> {
    const rows = await this.ds.getRepository(RoutingRulesEntity).find({
      select: { version: true, note: true, publishedBy: true, publishedAt: true },
      order: { version: 'DESC' },
    });
    return rows.map((r) => ({ version: r.version, note: r.note, publishedBy: r.publishedBy, publishedAt: formatChinaTime(r.publishedAt) }));
  }

  async publish(body: unknown, caller: Caller): Promise<Reply<RoutingRulesVersion>> {
    if (!hasAnyRole(caller, REFERENCE_DATA_WRITER_ROLES)) {
      return RoutingFailures.fail('ROUTING_RULES_FORBIDDEN');
    }
    const parsed = routingRuleSetSchema.safeParse(body);
    if (!parsed.success) {
      return RoutingFailures.fail('ROUTING_RULES_INVALID', zodFieldErrors(parsed.error));
    }
    const known = new Set<string>();
    for (const r of parsed.data.rules) if (r.category !== '*' && (await this.refs.category(r.category))) known.add(r.category);
    const unknown = unknownCategoryErrors(parsed.data.rules, known);
    if (unknown.length) return RoutingFailures.fail('ROUTING_RULES_UNKNOWN_CATEGORY', unknown);

    const note = parsed.data.note ? parsed.data.note : null;
    const publishedAt = this.now();
    const saved = await this.ds.transaction(async (m) => {
      const version = await lockNextVersion(m, 'intake.routing_rules');
      const row: RoutingRulesEntity = { version, note, rules: parsed.data.rules, publishedBy: caller.username, publishedAt };
      await m.insert(RoutingRulesEntity, row);
      return row;
    });
    const value = toVersion(saved);
    this.newest.set(value);
    return ok(value);
  }

  /** Active categories, each with the current rule for every severity. */
  async categoryViews(): Promise<CategoryView[]> {
    const [current, categories] = await Promise.all([this.current(), this.refs.categories()]);
    return categories.map((c) => ({
      code: c.code,
      name: c.name,
      nameEn: c.nameEn,
      ruleVersion: current.version,
      routing: Object.fromEntries(SEVERITIES.map((s) => [s, resolveRule(current.rules, c.code, s)])) as Record<Severity, RoutingRule>,
    }));
  }

  private async loadCurrent(): Promise<RoutingRulesVersion> {
    const [row] = await this.ds.getRepository(RoutingRulesEntity).find({ order: { version: 'DESC' }, take: 1 });
    // migrate.js seeds version 1; without it no case can be routed, so say so plainly.
    if (!row) throw new Error('no routing rules published (run the intake migrate script, which seeds version 1)');
    return toVersion(row);
  }
}
