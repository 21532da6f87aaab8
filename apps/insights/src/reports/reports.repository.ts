import type { DataSource } from 'typeorm';
import type { MonthlyReportFigures, ReportCategory, ReportFormat, ReportSummary, ReportUnitCard, ReportUnitLevel } from '@fengqiao/contracts';
import { likePrefix } from '../org-units/org-units.repository';
import { subtreeRowsSql } from '../projection/subtree-rollups';

/** Rows whose materialised path has `code` as a segment (the unit or below it). */
const likeSegment = (code: string) => `%/${code.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`;

export interface StoredReport extends ReportSummary {
  orgPath: string;
  figures: MonthlyReportFigures;
}

export interface ReportFileRow {
  month: string;
  orgUnit: string;
  orgUnitName: string;
  orgPath: string;
  content: Buffer;
}

interface ReportRow {
  id: string;
  month: string;
  org_unit: string;
  org_path: string;
  org_unit_name: string;
  level: ReportUnitLevel;
  generated_at: Date;
  figures: MonthlyReportFigures;
}

const summary = (r: Omit<ReportRow, 'figures'> & { received: number }): ReportSummary => ({
  id: r.id,
  month: r.month,
  orgUnit: r.org_unit,
  orgUnitName: r.org_unit_name,
  level: r.level,
  generatedAt: r.generated_at.toISOString(),
  received: r.received,
  files: { xlsx: `/api/v1/reports/${r.id}.xlsx`, pdf: `/api/v1/reports/${r.id}.pdf` },
});

const stored = (r: ReportRow): StoredReport => ({ ...summary({ ...r, received: r.figures.stats.received }), orgPath: r.org_path, figures: r.figures });

/** The read model's side of the monthly report: units, cards, categories, and the stored reports. */
export class ReportsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Units the read model knows (from events' paths), with their display names. */
  async units(codes?: string[]): Promise<Array<{ code: string; path: string; name: string | null }>> {
    return (await this.ds.query(
      `SELECT u.code, u.path, n.name FROM insights.org_units u LEFT JOIN insights.report_unit_names n ON n.code = u.code
       WHERE $1::text[] IS NULL OR u.code = ANY($1::text[]) ORDER BY u.path`,
      [codes ?? null],
    )) as Array<{ code: string; path: string; name: string | null }>;
  }

  /** Units of a subtree whose own open cases reach a threshold: red (overdue) first, then yellow. */
  async cards(pathPrefix: string, redMin: number, yellowMin: number): Promise<ReportUnitCard[]> {
    const rows = (await this.ds.query(
      `SELECT w.org_unit AS code, coalesce(n.name, w.org_unit) AS name, w.red, w.yellow
       FROM insights.open_warnings w
       JOIN insights.org_units u ON u.code = w.org_unit
       LEFT JOIN insights.report_unit_names n ON n.code = w.org_unit
       WHERE u.path LIKE $1 AND (w.red >= $2 OR w.yellow >= $3)
       ORDER BY w.red DESC, w.yellow DESC, w.org_unit`,
      [likePrefix(pathPrefix), redMin, yellowMin],
    )) as Array<{ code: string; name: string; red: number; yellow: number }>;
    return rows.map((r) => ({ ...r, colour: r.red >= redMin ? 'red' : 'yellow' }));
  }

  /** Categories by cases received in the subtree over whole China days `[from, to)`. */
  async topCategories(pathPrefix: string, from: string, to: string, limit: number): Promise<Array<Omit<ReportCategory, 'share'>>> {
    const params: unknown[] = [limit];
    const rows = subtreeRowsSql(pathPrefix, { from, to }, params, 's.category, s.received');
    return (await this.ds.query(
      `SELECT r.category, coalesce(n.name, r.category) AS name, sum(r.received)::int AS received
       FROM (${rows}) r
       LEFT JOIN insights.report_category_names n ON n.code = r.category
       GROUP BY r.category, n.name HAVING sum(r.received) > 0
       ORDER BY received DESC, r.category LIMIT $1`,
      params,
    )) as Array<Omit<ReportCategory, 'share'>>;
  }

  /** Stores a report; a second store of the same (month, unit) replaces it and keeps its id. */
  async store(figures: MonthlyReportFigures, files: Record<ReportFormat, Buffer>, workflowId: string): Promise<string> {
    const u = figures.orgUnit;
    const [row] = (await this.ds.query(
      `INSERT INTO insights.monthly_reports (month, org_unit, org_path, org_unit_name, level, figures, xlsx, pdf, workflow_id, generated_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10)
       ON CONFLICT (month, org_unit) DO UPDATE SET org_path = EXCLUDED.org_path, org_unit_name = EXCLUDED.org_unit_name, level = EXCLUDED.level,
         figures = EXCLUDED.figures, xlsx = EXCLUDED.xlsx, pdf = EXCLUDED.pdf, workflow_id = EXCLUDED.workflow_id, generated_at = EXCLUDED.generated_at
       RETURNING id`,
      [figures.month, u.code, u.path, u.name, u.level, JSON.stringify(figures), files.xlsx, files.pdf, workflowId, figures.generatedAt],
    )) as Array<{ id: string }>;
    return row!.id;
  }

  /** Reports within `within` (a unit code: its subtree; absent: all), optionally of one subtree and month. */
  /** A page of summaries: the figures stay in the table (only the received count is read from them). */
  async list(q: { within?: string; orgUnit?: string; month?: string; page: number; pageSize: number }): Promise<{ items: ReportSummary[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (q.within) where.push(`org_path LIKE $${params.push(likeSegment(q.within))}`);
    if (q.orgUnit) where.push(`org_path LIKE $${params.push(likeSegment(q.orgUnit))}`);
    if (q.month) where.push(`month = $${params.push(q.month)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = (await this.ds.query(`SELECT count(*)::int AS total FROM insights.monthly_reports ${clause}`, params)) as [{ total: number }];
    const rows = (await this.ds.query(
      `SELECT id, month, org_unit, org_path, org_unit_name, level, generated_at, (figures->'stats'->>'received')::int AS received
       FROM insights.monthly_reports ${clause}
       ORDER BY month DESC, org_path LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.pageSize, (q.page - 1) * q.pageSize],
    )) as Array<Omit<ReportRow, 'figures'> & { received: number }>;
    return { items: rows.map(summary), total };
  }

  async get(id: string): Promise<StoredReport | undefined> {
    const rows = (await this.ds.query(
      `SELECT id, month, org_unit, org_path, org_unit_name, level, generated_at, figures FROM insights.monthly_reports WHERE id = $1`,
      [id],
    )) as ReportRow[];
    return rows[0] && stored(rows[0]);
  }

  async file(id: string, format: ReportFormat): Promise<ReportFileRow | undefined> {
    const column = format === 'xlsx' ? 'xlsx' : 'pdf';
    const rows = (await this.ds.query(
      `SELECT month, org_unit AS "orgUnit", org_unit_name AS "orgUnitName", org_path AS "orgPath", ${column} AS content FROM insights.monthly_reports WHERE id = $1`,
      [id],
    )) as ReportFileRow[];
    return rows[0];
  }
}
