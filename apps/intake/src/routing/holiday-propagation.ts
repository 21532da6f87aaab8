import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { ProcessSignals } from '@fengqiao/contracts';
import type { HolidayNotice } from '@fengqiao/calendar';
import type { JsonLogger } from '@fengqiao/observability';
import { inScope } from '../database/jurisdiction-scope';

/**
 * A year's holidays reach the cases already running: each open case with a provisional deadline
 * (computed into a year that had no notice) gets the loaded notices, and its process computes those
 * clocks again. Returns how many cases were told.
 */
export async function tellRunningCases(ds: DataSource, temporal: Client, notices: HolidayNotice[], logger: JsonLogger): Promise<number> {
  const rows: Array<{ workflow_id: string }> = await inScope(ds, { kind: 'system' }, (m) =>
    m.query(`SELECT workflow_id FROM intake.cases WHERE status <> 'closed' AND deadlines_provisional`),
  );
  let told = 0;
  // A few at a time: a county may have thousands of open cases.
  for (let i = 0; i < rows.length; i += 16) {
    const results = await Promise.allSettled(
      rows.slice(i, i + 16).map((r) => temporal.workflow.getHandle(r.workflow_id).signal(ProcessSignals.holidaysLoaded, { notices })),
    );
    for (const [j, r] of results.entries()) {
      if (r.status === 'fulfilled') told += 1;
      else logger.event('a running case could not be told of the new holidays', { workflowId: rows[i + j]!.workflow_id, error: String(r.reason) }, 'warn');
    }
  }
  logger.event('running cases told of the loaded holidays', { told, of: rows.length });
  return told;
}
