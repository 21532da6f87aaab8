import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  EventTypes,
  eventSubject,
  type BoundaryGeometry,
  type FieldReportHandledData,
  type FieldReportKind,
  type FieldReportRecordedData,
} from '@fengqiao/contracts';
import { formatChinaTime } from '@fengqiao/calendar';
import { appendToOutbox, buildCloudEvent } from '@fengqiao/messaging';
import { INTAKE_SCHEMA, INTAKE_EVENT_SOURCE } from '../../config/intake.config';

/** The demo village's grid worker (docs/demo-county.md): the reports below are theirs. */
const WORKER = 'grid.621102101201';

/**
 * A few field reports (随手拍) of the demo village's grid worker over the last days, in the village's
 * third-level grids: settled on the spot, settled later, still open. Part of the demo history (never of
 * the tests' base), written with the same events live reports cause, so statistics by grid and the
 * activity rate show them. Their reporter id is `demo-field-reports` (the worker's Keycloak id is not
 * known to the seed); the worker sees them as reports of their grids. Deterministic ids.
 */
export const DEMO_FIELD_REPORTS: ReadonlyArray<{
  grid: string;
  daysAgo: number;
  hour: number;
  kind: FieldReportKind;
  category: string;
  text: string;
  settled?: { result: string; later?: boolean };
}> = [
  {
    grid: '621102101201-01',
    daysAgo: 6,
    hour: 9,
    kind: 'dispute',
    category: 'neighbour',
    text: '两户因院墙滴水发生争执',
    settled: { result: '现场协调加装接水槽，双方和解' },
  },
  {
    grid: '621102101201-02',
    daysAgo: 5,
    hour: 15,
    kind: 'hazard',
    category: 'other',
    text: '村道旁电线杆倾斜',
    settled: { result: '已联系供电所扶正加固', later: true },
  },
  {
    grid: '621102101201-03',
    daysAgo: 3,
    hour: 10,
    kind: 'event',
    category: 'other',
    text: '村委会门前有人聚集反映灌溉用水问题',
    settled: { result: '已做解释并登记诉求' },
  },
  { grid: '621102101201-04', daysAgo: 2, hour: 16, kind: 'hazard', category: 'other', text: '废弃机井未封盖，存在坠落风险' },
  { grid: '621102101201-01', daysAgo: 1, hour: 11, kind: 'dispute', category: 'land', text: '两户对承包地界有争议' },
];

const idOf = (n: number) => {
  const h = createHash('sha256').update(`demo-field-report-${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const centre = (b: BoundaryGeometry) => {
  const ring = (b.type === 'Polygon' ? b.coordinates[0] : b.coordinates[0]![0])!.slice(0, -1);
  return { lng: ring.reduce((s, q) => s + q[0], 0) / ring.length, lat: ring.reduce((s, q) => s + q[1], 0) / ring.length };
};

/** Writes the demo reports (inside the history's transaction, system scope); grids missing from the tree are skipped. */
export async function seedDemoFieldReports(m: EntityManager, endMs: number, reporterId: string): Promise<number> {
  const grids = new Map(
    (
      (await m.query(`SELECT code, path, boundary FROM intake.org_units WHERE code = ANY($1) AND boundary IS NOT NULL`, [
        DEMO_FIELD_REPORTS.map((r) => r.grid),
      ])) as {
        code: string;
        path: string;
        boundary: BoundaryGeometry;
      }[]
    ).map((g) => [g.code, g]),
  );
  let written = 0;
  for (const [n, r] of DEMO_FIELD_REPORTS.entries()) {
    const grid = grids.get(r.grid);
    if (!grid) continue;
    const id = idOf(n);
    // endMs is a China midnight: the report's China-time hour that many days before it.
    const at = new Date(endMs - r.daysAgo * 86_400_000 + r.hour * 3_600_000);
    const settledAt = r.settled ? new Date(at.getTime() + (r.settled.later ? 5 * 3_600_000 : 0)) : null;
    const status = r.settled && !r.settled.later ? 'settled' : 'open';
    const p = centre(grid.boundary);
    await m.query(
      `INSERT INTO intake.field_reports (id, kind, category, text, status, grid_code, org_path, lng, lat, address, attachment_ids, reporter_id, reporter_username,
         reporter_name, reporter_role, created_at, settled_by, settled_at, settlement_result, settlement_attachment_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, '{}', $10, $11, $12, 'grid-worker', $13, $14, $15, $16, $17) ON CONFLICT (id) DO NOTHING`,
      [
        id,
        r.kind,
        r.category,
        r.text,
        r.settled ? 'settled' : 'open',
        grid.code,
        grid.path,
        p.lng,
        p.lat,
        reporterId,
        WORKER,
        '网格员 东川村',
        at,
        r.settled ? WORKER : null,
        settledAt,
        r.settled?.result ?? null,
        r.settled ? [] : null,
      ],
    );
    const common = {
      reportId: id,
      kind: r.kind,
      category: r.category,
      reporterUsername: WORKER,
      reporterRole: 'grid-worker' as const,
      gridCode: grid.code,
      path: grid.path,
    };
    const recorded: FieldReportRecordedData = { ...common, status, at: formatChinaTime(at) };
    await appendToOutbox(
      m,
      INTAKE_SCHEMA,
      eventSubject(grid.code, 'field-report', 'recorded'),
      buildCloudEvent({ type: EventTypes.fieldReportRecorded, source: INTAKE_EVENT_SOURCE, subject: id, data: recorded, time: at }),
    );
    if (r.settled?.later) {
      const handled: FieldReportHandledData = {
        ...common,
        status: 'settled',
        handledBy: WORKER,
        recordedAt: formatChinaTime(at),
        at: formatChinaTime(settledAt!),
      };
      await appendToOutbox(
        m,
        INTAKE_SCHEMA,
        eventSubject(grid.code, 'field-report', 'handled'),
        buildCloudEvent({ type: EventTypes.fieldReportHandled, source: INTAKE_EVENT_SOURCE, subject: id, data: handled, time: settledAt! }),
      );
    }
    written++;
  }
  return written;
}
