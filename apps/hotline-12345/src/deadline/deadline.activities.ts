import type { DataSource } from 'typeorm';
import type { HotlineOrderActivities, HotlineOrderRef } from '@fengqiao/contracts';

/**
 * The deadline run's marks on an order (task queue `hotline-12345`): each set once (a retried activity
 * keeps the first instant) and only while the order is open, neither objected to nor finished, so a
 * closing signal that was lost marks nothing wrong. The answer: whether the order carries the mark.
 */
export function createDeadlineActivities(ds: DataSource): HotlineOrderActivities {
  const mark = async (column: 'deadline_warned_at' | 'overdue_at', ref: HotlineOrderRef & { at: string }): Promise<boolean> => {
    const rows = (await ds.query(
      `UPDATE hotline.orders SET ${column} = COALESCE(${column}, $3)
        WHERE centre = $1 AND order_no = $2 AND status IN ('dispatched', 'accepted') AND finished_at IS NULL
        RETURNING 1`,
      [ref.centre, ref.orderNo, new Date(ref.at)],
    )) as [unknown[], number];
    return rows[0].length > 0;
  };
  return {
    warnOrderDeadline: (ref) => mark('deadline_warned_at', ref),
    markOrderOverdue: (ref) => mark('overdue_at', ref),
  };
}
