import type { DataSource } from 'typeorm';
import { ok, type Caller, type Reply } from '@fengqiao/contracts';
import { JurisdictionFailures, mayActOnUnit, reachOf, ROOT_PATH } from '@fengqiao/rules';

/** The org units insights has seen on events, with their materialised paths. */
export class OrgUnitsRepository {
  constructor(private readonly ds: DataSource) {}

  async path(code: string): Promise<string | undefined> {
    const rows = (await this.ds.query(`SELECT path FROM insights.org_units WHERE code = $1`, [code])) as { path: string }[];
    return rows[0]?.path;
  }

  /**
   * The path of a unit the caller asks about, or 403 when it lies outside their jurisdiction (the
   * rule of libs/rules: an admin sees every unit, anyone else their own unit's subtree). A unit no
   * event has named yet is known only as the caller's own (nothing has happened there yet): its
   * path is undefined.
   */
  async pathInJurisdiction(caller: Caller, orgUnit: string): Promise<Reply<string | undefined>> {
    const path = await this.path(orgUnit);
    return mayActOnUnit(caller, { code: orgUnit, path }) ? ok(path) : JurisdictionFailures.fail('OUTSIDE_JURISDICTION');
  }

  /**
   * The unit a figures read (`?orgUnit=`) is about: the one asked for, else the caller's own. Refused
   * without either (unless the caller reaches everywhere: then the whole tree, `ROOT_PATH`) and outside
   * the caller's jurisdiction. `path` is undefined for a unit no event has named yet; `pathOf` lets a
   * read model that knows more units than case events name resolve them its own way.
   */
  async readScope(
    caller: Caller,
    asked: string | undefined,
    pathOf: (code: string) => Promise<string | undefined> = (code) => this.path(code),
  ): Promise<Reply<{ orgUnit: string | undefined; path: string | undefined }>> {
    const orgUnit = asked ?? caller.orgUnit ?? undefined;
    if (!orgUnit) return reachOf(caller).kind === 'everywhere' ? ok({ orgUnit, path: ROOT_PATH }) : JurisdictionFailures.fail('NO_ORG_UNIT');
    const path = await pathOf(orgUnit);
    return mayActOnUnit(caller, { code: orgUnit, path }) ? ok({ orgUnit, path }) : JurisdictionFailures.fail('OUTSIDE_JURISDICTION');
  }
}

/** A LIKE pattern for "starts with `path`" (escaped), so a path-prefix index can serve it: the jurisdiction rule's `pathWithin` as SQL. */
export const likePrefix = (path: string) => `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
