/** The public API's shapes (API.md) as the console reads them. */
export type Warning = 'green' | 'yellow' | 'red';
export type CaseStatus = 'first-contact' | 'mediation' | 'joint-handling' | 'awaiting-feedback' | 'review' | 'closed';
export type CaseAction = 'reply' | 'assign' | 'session' | 'escalate' | 'report-in' | 'dept-result' | 'conclude' | 'feedback' | 'rate' | 'return-visit';

export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  allowedActions?: string[];
}

export interface Clock {
  id: string;
  kind: string;
  owner: string;
  orgUnit: string;
  startedAt: string;
  yellowAt: string;
  due: string;
  colour: Warning;
  provisional: boolean;
  counts: boolean;
}

export interface JointPart {
  department: string;
  orgUnit: string;
  reportedInAt: string | null;
  resultAt: string | null;
}

export interface TimelineEntry {
  at: string;
  type: string;
  by: string;
  detail: Record<string, unknown>;
}

export interface Party {
  role: string;
  name: string;
  idNumber?: string;
  phone?: string;
}

export interface CaseView {
  id: string;
  caseNo: string;
  kind: string;
  category: string;
  severity?: string;
  channel?: string;
  title: string;
  description: string;
  status: CaseStatus;
  outcome: string | null;
  warning: Warning;
  orgUnit: string;
  assignee: { id: string; name: string; role: string } | null;
  deadlines: { firstReplyDue: string | null; mediationDue: string | null; jointHandlingDue: string | null };
  clocks?: Clock[];
  allowedActions?: CaseAction[];
  mediator?: { id: string; name: string; team: string; username?: string | null } | null;
  joint?: { leadOrgUnit: string; reason: string; parts: JointPart[] } | null;
  rating?: number | null;
  parties: Party[];
  timeline: TimelineEntry[];
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Stats {
  received: number;
  closed: number;
  closureRate: number;
  resolvedAtFirstContact: number;
  mediated: number;
  mediationSucceeded: number;
  mediationSuccessRate: number;
  resolved: number;
  resolutionRate: number;
  closedOnTime: number;
  onTimeRate: number;
  avgFirstReplyHours: number;
  satisfactionRate: number;
  warnings: Record<Warning, number>;
  /** Optional series if the endpoint offers one (volume over time). */
  series?: Array<{ period: string; received: number; closed: number }>;
}

/** Why a unit's card on the three-colour board has its colour. */
export type BoardReason = 'overdue' | 'complaint-cluster' | 'late-reporting';

/** One org unit's row of `GET /api/v1/board`: its subtree's open cases by colour and its card. */
export interface BoardUnit {
  orgUnit: string;
  parent: string | null;
  /** 0 for the unit asked about, 1 for its children, … */
  level: number;
  open: Record<Warning, number>;
  complaints: number;
  card: Warning;
  reasons: BoardReason[];
  /** The public case list query behind each count (`/api/v1/cases?…`). */
  cases: Record<Warning | 'complaints', string>;
}

/** `GET /api/v1/board`. */
export interface BoardView {
  orgUnit: string;
  generatedAt: string;
  rules: { redOverdueMin: number; complaintClusterMin: number; complaintWindowDays: number; yellowLateMin: number };
  /** The unit asked about first, then its subtree in path order. */
  units: BoardUnit[];
}

export interface SupervisionItem {
  id?: string;
  caseId?: string;
  caseNo?: string;
  clockId?: string;
  orgUnit?: string;
  openedAt?: string;
  closedAt?: string | null;
  [k: string]: unknown;
}

export interface NewCase {
  kind: string;
  category: string;
  severity?: string;
  title: string;
  description: string;
  channel: string;
  orgUnit: string;
  occurredAt?: string;
  location?: { address?: string };
  parties: Array<{ role: string; name: string; idNumber?: string; phone?: string }>;
}
