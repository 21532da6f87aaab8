import { FIELD_REPORT_CASE_KIND, type BoundaryGeometry, type CreateCaseInput, type FieldReportKind, type FieldReportStatus } from '@fengqiao/contracts';
import { pathCodes, pathWithin } from '@fengqiao/rules';
import { gridHolding } from '../check-ins/check-ins.service';

/** The pure rules of field reports (随手拍): which grid holds a report, who may handle it, what case it becomes. */

export interface GridUnit {
  code: string;
  name: string;
  level: string;
  path: string;
  boundary: BoundaryGeometry | null;
}

/** The grid a position lies in: the deepest of the candidates whose boundary holds it (a third-level grid before its village). */
export function deepestGridHolding<G extends GridUnit>(position: { lng: number; lat: number }, candidates: readonly G[]): G | undefined {
  const deepestFirst = [...candidates].sort((a, b) => pathCodes(b.path).length - pathCodes(a.path).length || a.code.localeCompare(b.code));
  return gridHolding(position, deepestFirst);
}

/** Does the unit at `path` lie in one of a grid worker's grids (their own or a grid below it)? */
export function inWorkerGrids(path: string, workerGridPaths: readonly string[]): boolean {
  return workerGridPaths.some((g) => pathWithin(path, g));
}

/** Only an open report, not already on its way to the centre, may be settled, sent or rejected. */
export function handleable(r: { status: FieldReportStatus; sendingBy: string | null }): 'ok' | 'not-open' | 'being-sent' {
  if (r.status !== 'open') return 'not-open';
  return r.sendingBy ? 'being-sent' : 'ok';
}

/**
 * The unit a sent report's case is registered at: the nearest unit on the grid's path that is no
 * third-level grid (its village or community; the grid itself when it is a village or township), so the
 * case carries a division code and the centre above it answers for it.
 */
export function caseUnitOf(gridPath: string, levelOf: (code: string) => string | undefined): string | undefined {
  const codes = pathCodes(gridPath);
  for (let i = codes.length - 1; i >= 0; i--) {
    const level = levelOf(codes[i]!);
    if (level && level !== 'grid' && /^\d{6}(\d{3}(\d{3})?)?$/.test(codes[i]!)) return codes[i];
  }
  return undefined;
}

const KIND_ZH: Record<FieldReportKind, string> = { hazard: '隐患', dispute: '矛盾纠纷', event: '事件' };
const ROLE_ZH = { 'grid-worker': '网格员', resident: '群众' } as const;

export interface SendableReport {
  kind: FieldReportKind;
  category: string;
  text: string;
  gridCode: string;
  lng: number;
  lat: number;
  address: string | null;
  attachmentIds: string[];
  reporterName: string;
  reporterRole: 'grid-worker' | 'resident';
  createdAt: Date;
}

/**
 * The registration of a sent report (`POST /api/v1/cases` as intake's registration takes it): channel
 * `grid`, the report's kind mapped (FIELD_REPORT_CASE_KIND), its category (whose routing rule then
 * applies), the grid and position as `location`, the reporter as applicant (name only: a report holds no
 * ID or phone number).
 */
export function caseRegistrationOf(r: SendableReport, orgUnit: string, sender: string, note: string | undefined): CreateCaseInput {
  const text = r.text.replace(/\s+/g, ' ').trim();
  const lines = [
    r.text,
    '',
    `网格上报（${KIND_ZH[r.kind]}）：网格 ${r.gridCode}${r.address ? `，${r.address}` : ''}；${ROLE_ZH[r.reporterRole]} ${r.reporterName} 上报，网格员 ${sender} 报送中心。`,
    ...(note ? [`报送说明：${note}`] : []),
    ...(r.attachmentIds.length ? [`照片（附件）：${r.attachmentIds.join(', ')}`] : []),
  ];
  return {
    kind: FIELD_REPORT_CASE_KIND[r.kind],
    category: r.category,
    title: `网格上报：${text}`.slice(0, 200),
    description: lines.join('\n').slice(0, 10_000),
    channel: 'grid',
    orgUnit,
    occurredAt: r.createdAt.toISOString(),
    location: { gridCode: r.gridCode, lat: r.lat, lng: r.lng, ...(r.address ? { address: r.address } : {}) },
    parties: [{ role: 'applicant', name: r.reporterName.slice(0, 100) }],
  };
}
