/** CloudEvents 1.0 envelope as published to FQ_EVENTS. */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  data: T;
  /** CloudEvents distributed-tracing extension: the W3C trace context of the request that caused the event. */
  traceparent?: string;
}

export const EventTypes = {
  caseRegistered: 'cn.fengqiao.case.registered.v1',
  caseWarningChanged: 'cn.fengqiao.case.warning-changed.v1',
} as const;

/** Every step of a case after registration: `cn.fengqiao.case.<type>.v1` on `fq.evt.<orgUnit>.case.<type>`. */
export const caseEventType = (type: string) => `cn.fengqiao.case.${type}.v1`;

/** Data of every case transition event (replied, assigned, escalated, concluded, rated, closed, …). */
export interface CaseTransitionData {
  caseId: string;
  caseNo: string;
  orgUnit: string;
  orgPath: string;
  kind: string;
  category: string;
  seq: number;
  type: string;
  actor: string;
  at: string;
  status: string;
  outcome: string | null;
  warning: 'green' | 'yellow' | 'red';
  rating: number | null;
  detail: Record<string, unknown>;
}

export interface CaseRegisteredData {
  caseId: string;
  caseNo: string;
  kind: string;
  category: string;
  severity: string;
  orgUnit: string;
  /** The org unit's materialised path (`/621100/621102/621102101/`): subtree queries need no org tree. */
  orgPath?: string;
  registeredAt: string;
  firstReplyDue: string;
  registeredBy: string;
  /** The grid the case's location names (`location.gridCode`), when it names one: the map counts it there. */
  gridCode?: string;
  /** The matter as registered and how it came in: printed on the notices a process issues (a petition's). */
  title?: string;
  channel?: string;
  /** The routing rule the case was classified by; its workflow keeps it for life. */
  routing?: { ruleVersion: number; rule: import('../dispute/routing-rules').RoutingRule };
  /** Holiday notices an admin loaded beyond the built-in years. */
  extraNotices?: unknown[];
  /** A case of the seeded demo history (already handled in the past): no workflow is started for it. */
  historical?: boolean;
  /** An open case of the seeded history: its process starts where the case stands (see ProcessResume). */
  resume?: import('../workflows').ProcessResume;
}

export interface CaseWarningChangedData {
  caseId: string;
  caseNo: string;
  orgUnit: string;
  warning: 'green' | 'yellow' | 'red';
  reason: string;
}

/** The data of a server-sent `event: case` on the gateway's live streams: what changed, not the case. */
export interface LiveCaseEvent {
  caseId: string;
  caseNo: string;
  type: string;
  status: string | null;
  warning: string | null;
  at: string | null;
}
