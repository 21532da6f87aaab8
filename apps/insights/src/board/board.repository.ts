import type { DataSource } from 'typeorm';
import type { LegalAidCounts, UnitCounts } from './board-card.policy';
import { likePrefix } from '../org-units/org-units.repository';

/** What the board reads from the read model, each query bounded to one subtree. */
export class BoardRepository {
  constructor(private readonly ds: DataSource) {}

  /** Every unit insights knows at or below `path`, with its own path. */
  async units(path: string): Promise<Map<string, string>> {
    const rows = (await this.ds.query(`SELECT code, path FROM insights.org_units WHERE path LIKE $1`, [likePrefix(path)])) as { code: string; path: string }[];
    return new Map(rows.map((r) => [r.code, r.path]));
  }

  /**
   * Each unit's own open cases by colour (the rollups' open counts) and complaints registered
   * since `complaintsFrom` (the facts, by their registration-time index).
   */
  async ownCounts(path: string, complaintsFrom: Date): Promise<Map<string, UnitCounts>> {
    const prefix = likePrefix(path);
    const [open, complaints] = await Promise.all([
      this.ds.query(
        `SELECT r.org_unit, sum(r.open_green)::int AS green, sum(r.open_yellow)::int AS yellow, sum(r.open_red)::int AS red
         FROM insights.rollups r JOIN insights.org_units u ON u.code = r.org_unit
         WHERE u.path LIKE $1 AND (r.open_green <> 0 OR r.open_yellow <> 0 OR r.open_red <> 0)
         GROUP BY r.org_unit`,
        [prefix],
      ) as Promise<{ org_unit: string; green: number; yellow: number; red: number }[]>,
      this.ds.query(
        `SELECT f.org_unit, count(*)::int AS n
         FROM insights.case_facts f JOIN insights.org_units u ON u.code = f.org_unit
         WHERE u.path LIKE $1 AND f.kind = 'complaint' AND f.registered_at >= $2
         GROUP BY f.org_unit`,
        [prefix, complaintsFrom],
      ) as Promise<{ org_unit: string; n: number }[]>,
    ]);
    const out = new Map<string, UnitCounts>();
    const at = (code: string) => out.get(code) ?? out.set(code, { open: { green: 0, yellow: 0, red: 0 }, complaints: 0 }).get(code)!;
    for (const r of open) at(r.org_unit).open = { green: Number(r.green), yellow: Number(r.yellow), red: Number(r.red) };
    for (const r of complaints) at(r.org_unit).complaints = Number(r.n);
    return out;
  }

  /**
   * The legal-aid tile's counts over the subtree: open cases in review, waiting for materials and red
   * (every registration day), and the decisions on cases registered since `monthStart` (the first day of a China month).
   */
  async legalAid(path: string, monthStart: string): Promise<LegalAidCounts> {
    // The subtree's month rows: as many rows as months, whatever lies below.
    const [row] = (await this.ds.query(
      `SELECT coalesce(sum(s.legal_aid_under_review), 0)::int AS under_review, coalesce(sum(s.legal_aid_awaiting_materials), 0)::int AS awaiting,
         coalesce(sum(s.open_red), 0)::int AS red,
         coalesce(sum(s.legal_aid_granted) FILTER (WHERE s.period >= $2), 0)::int AS granted,
         coalesce(sum(s.legal_aid_refused) FILTER (WHERE s.period >= $2), 0)::int AS refused
       FROM insights.subtree_rollups s
       WHERE s.path = $1 AND s.grain = 'month' AND s.kind = 'legal-aid'`,
      [path, monthStart],
    )) as { under_review: number; awaiting: number; red: number; granted: number; refused: number }[];
    return {
      underReview: Number(row!.under_review),
      awaitingMaterials: Number(row!.awaiting),
      red: Number(row!.red),
      granted: Number(row!.granted),
      refused: Number(row!.refused),
    };
  }
}
