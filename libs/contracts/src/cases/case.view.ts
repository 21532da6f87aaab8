import type { CaseKind, CaseStatus, Severity, WarningColour, Channel, ExternalRef } from './case.schema';
import type { CaseClock, JointPart } from '../dispute/workflow-types';
import type { OrgUnitLevel } from '../org-tree/org-tree';

export interface PartyView {
  role: string;
  name: string;
  idNumber?: string; // masked unless the caller may see it
  phone?: string; // masked unless the caller may see it
}

export interface TimelineEntry {
  at: string;
  type: string;
  by: string;
  detail: Record<string, unknown>;
}

export interface CaseView {
  id: string;
  caseNo: string;
  kind: CaseKind;
  category: string;
  severity: Severity;
  channel: Channel;
  title: string;
  description: string;
  status: CaseStatus;
  outcome: string | null;
  warning: WarningColour;
  orgUnit: string;
  /** The unit's materialised path (`/621100/621102/621102101/`): jurisdiction over the case is decided on it. */
  orgPath?: string;
  assignee: { id: string; name: string; role: string } | null;
  deadlines: {
    firstReplyDue: string | null;
    mediationDue: string | null;
    jointHandlingDue: string | null;
    provisional: boolean;
  };
  workflowId: string;
  /** The routing rule version, tier and team the case was classified by. */
  routing: { ruleVersion: number | null; tier: string | null; team: string | null };
  /** Every running clock: the centre's and each summoned department's, with its colour. */
  clocks: CaseClock[];
  /** What may be done now (others answer 409). */
  /** Action names of the case's kind (libs/rules kinds) that fit its state now. */
  allowedActions: string[];
  /** Clock controls open now (`pause-clock`, `resume-clock`, `request-extension`, `decide-extension`). */
  clockActions?: string[];
  /** An extension waiting for its approver's decision. */
  extensionRequest?: import('../dispute/workflow-types').ExtensionRequest | null;
  mediator: { id: string; name: string; team: string; username?: string | null } | null;
  joint: { leadOrgUnit: string; reason: string; parts: JointPart[] } | null;
  rating: number | null;
  /**
   * Present when the case was merged into another (the same matter brought twice): no action is open on it.
   * `caseNo` is null when that case lies outside the reader's jurisdiction.
   */
  mergedInto?: { id: string; caseNo: string | null };
  /** The case's reference in the system that sent it (a 12345 work order number), when one did. */
  externalRef?: ExternalRef;
  parties: PartyView[];
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

/** A unit of the org tree as `GET /api/v1/org-units` lists it (names are public; jurisdiction is not implied). */
export interface OrgUnitView {
  code: string;
  name: string;
  nameEn: string;
  level: OrgUnitLevel;
  parent: string | null;
}

export interface CategoryView {
  code: string;
  name: string;
  nameEn: string;
  /** The current routing rule for each severity, and the version it belongs to. */
  ruleVersion: number;
  routing: Record<Severity, import('../dispute/routing-rules').RoutingRule>;
}
