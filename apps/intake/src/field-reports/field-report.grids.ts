import type { DataSource } from 'typeorm';
import { isGridLevel, ok, type FieldReportInput, type Reply } from '@fengqiao/contracts';
import { pointInBoundary } from '@fengqiao/rules';
import { workerGrids, type WorkerGrid } from '../reference/grid-register';
import { FieldReportFailures } from './field-reports.failures';
import { deepestGridHolding, inWorkerGrids, type GridUnit } from './field-report.rules';

const GRID_LEVEL_NAMES = ['township', 'village', 'grid'];

/** The grids of field reports: a worker's grids from the grid register, and the grid a report's position lies in. */
export class FieldReportGrids {
  constructor(private readonly ds: DataSource) {}

  workerGrids(username: string): Promise<WorkerGrid[]> {
    return workerGrids(this.ds.manager, username);
  }

  /** Grid units (of the three grid levels) with a boundary, within the given paths (all when absent). */
  private async gridUnits(within?: string[]): Promise<GridUnit[]> {
    return (await this.ds.query(
      `SELECT code, name, level, path, boundary FROM intake.org_units
        WHERE level = ANY($1) AND boundary IS NOT NULL
          AND ($2::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest($2::text[]) p WHERE starts_with(path, p)))`,
      [GRID_LEVEL_NAMES, within ?? null],
    )) as GridUnit[];
  }

  private async gridUnit(code: string): Promise<GridUnit | undefined> {
    const [row] = (await this.ds.query(`SELECT code, name, level, path, boundary FROM intake.org_units WHERE code = $1`, [code])) as GridUnit[];
    return row && isGridLevel(row.level) ? row : undefined;
  }

  /**
   * The grid of a new report: the one named (the position must lie in its boundary), else the deepest
   * grid whose boundary holds the position; for a grid worker (`worker`: their username) among their grids only.
   */
  async locate(input: Pick<FieldReportInput, 'gridCode' | 'position'>, worker: string | undefined): Promise<Reply<GridUnit>> {
    const mine = worker ? await this.workerGrids(worker) : [];
    if (worker && !mine.length) return FieldReportFailures.fail('FIELD_REPORT_NOT_GRID_WORKER');
    const minePaths = mine.map((g) => g.path);
    let grid: GridUnit | undefined;
    if (input.gridCode !== undefined) {
      grid = await this.gridUnit(input.gridCode);
      if (!grid) {
        return FieldReportFailures.fail('FIELD_REPORT_INVALID', [
          { path: 'gridCode', message: `未知的网格 ${input.gridCode} / unknown grid (a township, village or grid of the org tree)` },
        ]);
      }
      const named = `${grid.code} ${grid.name}`;
      if (worker && !inWorkerGrids(grid.path, minePaths)) return FieldReportFailures.fail('FIELD_REPORT_NOT_YOUR_GRID', { grid: named });
      if (!grid.boundary) return FieldReportFailures.fail('FIELD_REPORT_GRID_WITHOUT_BOUNDARY', { grid: named });
      if (!pointInBoundary(input.position, grid.boundary)) return FieldReportFailures.fail('FIELD_REPORT_OUTSIDE_GRID', { grid: named });
    } else {
      grid = deepestGridHolding(input.position, await this.gridUnits(worker ? minePaths : undefined));
      if (!grid) {
        return worker
          ? FieldReportFailures.fail('FIELD_REPORT_OUTSIDE_GRID', { grid: mine.map((g) => g.code).join(', ') })
          : FieldReportFailures.fail('FIELD_REPORT_OUTSIDE_ANY_GRID');
      }
    }
    return ok(grid);
  }
}
