import type { DataSource } from 'typeorm';
import {
  ok,
  SUPERVISION_ROLES,
  supervisionQuerySchema,
  zodFieldErrors,
  type Caller,
  type Page,
  type Reply,
  type SupervisionItemView,
} from '@fengqiao/contracts';
import { hasAnyRole } from '@fengqiao/auth';
import { JurisdictionFailures, mayNameUnit } from '@fengqiao/rules';
import { CaseFailures } from '../cases/cases.failures';
import { SupervisionItemEntity } from '../cases/case.entity';
import type { ReferenceService } from '../reference/reference.service';
import { inScope, type Scope } from '../database/jurisdiction-scope';
import { formatChinaTime } from '@fengqiao/calendar';

/** 督办 items for leaders: those of their subtree (row-level security), newest first. */
export class SupervisionService {
  constructor(
    private readonly ds: DataSource,
    private readonly refs: ReferenceService,
    private readonly scopeOf: (caller: Caller) => Promise<Scope>,
  ) {}

  async list(raw: unknown, caller: Caller): Promise<Reply<Page<SupervisionItemView>>> {
    if (!hasAnyRole(caller, SUPERVISION_ROLES)) return CaseFailures.fail('SUPERVISION_FORBIDDEN');
    const parsed = supervisionQuerySchema.safeParse(raw ?? {});
    if (!parsed.success) return CaseFailures.fail('INVALID_QUERY', zodFieldErrors(parsed.error));
    const q = parsed.data;
    const filter = q.orgUnit ? await this.refs.orgUnit(q.orgUnit) : undefined;
    if (q.orgUnit && !mayNameUnit(caller, { code: q.orgUnit, path: filter?.path })) {
      return JurisdictionFailures.fail('OUTSIDE_JURISDICTION');
    }
    // An unknown unit has no items (never "no filter").
    if (q.orgUnit && !filter) return ok({ items: [], total: 0, page: q.page, pageSize: q.pageSize });
    return inScope(this.ds, await this.scopeOf(caller), async (m) => {
      const qb = m.getRepository(SupervisionItemEntity).createQueryBuilder('s');
      // The jurisdiction rule as SQL (libs/rules `pathWithin`); row-level security adds the caller's own scope.
      if (filter) qb.andWhere('starts_with(s.org_path, :path)', { path: filter.path });
      if (q.open === 'true') qb.andWhere('s.closed_at IS NULL');
      if (q.open === 'false') qb.andWhere('s.closed_at IS NOT NULL');
      const [rows, total] = await qb
        .orderBy('s.openedAt', 'DESC')
        .addOrderBy('s.id', 'DESC')
        .skip((q.page - 1) * q.pageSize)
        .take(q.pageSize)
        .getManyAndCount();
      return ok({ items: rows.map(toView), total, page: q.page, pageSize: q.pageSize });
    });
  }
}

function toView(s: SupervisionItemEntity): SupervisionItemView {
  return {
    id: String(s.id),
    caseId: s.caseId,
    caseNo: s.caseNo,
    clock: s.clockId,
    orgUnit: s.orgUnit,
    addressedTo: s.addressedTo,
    reason: s.reason,
    due: formatChinaTime(s.due),
    openedAt: formatChinaTime(s.openedAt),
    closedAt: s.closedAt ? formatChinaTime(s.closedAt) : null,
  };
}
