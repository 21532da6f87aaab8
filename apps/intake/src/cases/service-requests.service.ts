import type { DataSource } from 'typeorm';
import {
  ok,
  serviceRequestsQuerySchema,
  zodFieldErrors,
  type Caller,
  type CaseClock,
  type CaseStatus,
  type Reply,
  type ServiceRequestView,
  type WarningColour,
} from '@fengqiao/contracts';
import { hasAnyRole, JurisdictionFailures, mayNameUnit, OPEN311_KINDS, OPEN311_PUBLIC_CHANNELS, OPEN311_PUBLIC_READER_ROLES } from '@fengqiao/rules';
import type { ReferenceService } from '../reference/reference.service';
import { CaseEntity } from './case.entity';
import { CaseFailures } from './cases.failures';
import { inScope, type Scope } from '../database/jurisdiction-scope';

/**
 * Cases for an integrator's service account (Open311, docs/open311.md): within its jurisdiction
 * (the query and row-level security, as every case read), only the kinds it names, and nothing
 * personal — no parties, no timeline text, and the title, description and place only of the
 * requests the integrator's own account submitted — so the read is not one of personal data.
 *
 * Open311's public view (a GET without api_key, read by the gateway as the platform's service account,
 * OPEN311_PUBLIC_READER_ROLES) is narrower still, whatever the query asks: the unit it names and its
 * subtree, the Open311 kinds of a public channel (OPEN311_PUBLIC_CHANNELS), and never a title,
 * description or place.
 */
export class ServiceRequestsService {
  constructor(
    private readonly ds: DataSource,
    private readonly refs: ReferenceService,
    private readonly scopeOf: (caller: Caller) => Promise<Scope>,
  ) {}

  async list(raw: unknown, caller: Caller): Promise<Reply<ServiceRequestView[]>> {
    const parsed = serviceRequestsQuerySchema.safeParse(raw ?? {});
    if (!parsed.success) return CaseFailures.fail('INVALID_QUERY', zodFieldErrors(parsed.error));
    const q = parsed.data;
    const publicRead = hasAnyRole(caller, OPEN311_PUBLIC_READER_ROLES);
    if (publicRead && !q.orgUnit) return CaseFailures.fail('PUBLIC_READ_UNIT_REQUIRED');
    const filterUnit = q.orgUnit ? await this.refs.orgUnit(q.orgUnit) : undefined;
    // Unit codes are public (the org tree's names are): an unknown one is said so, before jurisdiction.
    if (q.orgUnit && !filterUnit) return CaseFailures.fail('ORG_UNIT_NOT_FOUND');
    if (filterUnit && !publicRead && !mayNameUnit(caller, { code: filterUnit.code, path: filterUnit.path }))
      return JurisdictionFailures.fail('OUTSIDE_JURISDICTION');
    // The public reader has no jurisdiction of its own: it reads with the named unit's eyes.
    const own: Scope = publicRead ? { kind: 'org', path: filterUnit!.path } : await this.scopeOf(caller);
    const kinds = publicRead ? q.kinds.filter((k) => OPEN311_KINDS.includes(k)) : q.kinds;
    const rows = await inScope(this.ds, own, (m) => {
      const qb = m.getRepository(CaseEntity).createQueryBuilder('c');
      if (own.kind === 'org') qb.andWhere('starts_with(c.org_path, :own)', { own: own.path });
      if (own.kind === 'resident') qb.andWhere('c.registered_by = :me', { me: own.userId });
      qb.andWhere('c.kind IN (:...kinds)', { kinds: kinds.length ? kinds : [''] });
      if (publicRead) qb.andWhere('c.channel IN (:...channels)', { channels: [...OPEN311_PUBLIC_CHANNELS] });
      if (filterUnit) qb.andWhere('starts_with(c.org_path, :path)', { path: filterUnit.path });
      // A token finds the caller's own registration; publicly, whoever's of a public channel (the filter above).
      if (q.requestKey && publicRead) qb.andWhere('c.request_key = :key', { key: q.requestKey });
      else if (q.requestKey) qb.andWhere('c.registered_by = :by AND c.request_key = :key', { by: caller.userId, key: q.requestKey });
      if (q.caseNos) {
        qb.andWhere('c.case_no IN (:...caseNos)', { caseNos: q.caseNos.length ? q.caseNos : [''] });
      } else {
        if (q.categories?.length) qb.andWhere('c.category IN (:...categories)', { categories: q.categories });
        if (q.from) qb.andWhere('c.created_at >= :from', { from: new Date(q.from) });
        if (q.to) qb.andWhere('c.created_at <= :to', { to: new Date(q.to) });
        if (q.open !== undefined) qb.andWhere(q.open ? "c.status <> 'closed'" : "c.status = 'closed'");
      }
      return qb
        .addSelect(
          `(SELECT json_build_object('type', t.type, 'at', t.at) FROM intake.case_timeline t WHERE t.case_id = c.id ORDER BY t.id DESC LIMIT 1)`,
          'last_step',
        )
        .orderBy('c.created_at', 'DESC')
        .addOrderBy('c.case_no', 'DESC')
        .limit(q.limit)
        .getRawAndEntities();
    });
    const items: ServiceRequestView[] = [];
    for (const [i, c] of rows.entities.entries()) {
      const unit = await this.refs.orgUnit(c.orgUnit);
      const last = (rows.raw[i] as { last_step?: { type: string; at: string } | null }).last_step ?? null;
      // The words and the place are the submitter's: an integrator reads back what its own account
      // sent; of a case registered otherwise (a walk-in, a hotline call) only service, status, unit
      // and dates — a resident's complaint names people and places.
      const own = !publicRead && c.registeredBy === caller.userId;
      const loc = own ? (c.location as ServiceRequestView['location']) : null;
      items.push({
        id: c.id,
        caseNo: c.caseNo,
        kind: c.kind,
        category: c.category,
        status: c.status as CaseStatus,
        warning: c.warning as WarningColour,
        title: own ? c.title : '',
        description: own ? c.description : '',
        orgUnit: c.orgUnit,
        orgUnitName: { zh: unit?.name ?? c.orgUnit, en: unit?.nameEn ?? c.orgUnit },
        location: loc ? { address: loc.address, gridCode: loc.gridCode, lat: loc.lat, lng: loc.lng } : null,
        clocks: c.clocks as CaseClock[],
        lastStep: last ? { type: last.type, at: new Date(last.at).toISOString() } : null,
        createdAt: c.createdAt.toISOString(),
        updatedAt: c.updatedAt.toISOString(),
      });
    }
    return ok(items);
  }
}
