/** The mediation service's roster and return visits, as `GET /api/v1/mediators` and `/return-visits` answer. */

/** A mediator as staff of the subtree see them: name, login (to recognise a colleague), teams, capacity, load. */
export interface MediatorView {
  id: string;
  name: string;
  username: string | null;
  orgUnit: string;
  teams: string[];
  capacity: number;
  active: boolean;
  /** Cases currently assigned. */
  load: number;
}

/** A return visit (回访) scheduled after a failed mediation or a rating of 1–2. */
export interface ReturnVisitView {
  id: string;
  caseId: string;
  caseNo: string;
  orgUnit: string;
  reason: 'failed' | 'low-rating';
  scheduledAt: string;
  due: string;
  doneAt: string | null;
  doneBy: string | null;
  summary: string | null;
  resolved: boolean | null;
}

/** Who may read a centre's roster (the clerk picks a mediator from it); only an admin adds one. */
export const MEDIATOR_READER_ROLES = ['clerk', 'leader', 'mediator', 'admin'] as const;
export const MEDIATOR_WRITER_ROLES = ['admin'] as const;
export const RETURN_VISIT_READER_ROLES = ['clerk', 'mediator', 'leader'] as const;
