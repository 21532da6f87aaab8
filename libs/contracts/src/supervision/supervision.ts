/** A supervision item (督办) as `GET /api/v1/supervision` lists it: opened when a clock turns red. */
export interface SupervisionItemView {
  id: string;
  caseId: string;
  caseNo: string;
  /** The clock that turned red (`first-reply`, `report-in:housing@621100`, …). */
  clock: string;
  orgUnit: string;
  addressedTo: string;
  reason: string;
  due: string;
  openedAt: string;
  closedAt: string | null;
}

export const SUPERVISION_ROLES = ['leader', 'admin'] as const;
