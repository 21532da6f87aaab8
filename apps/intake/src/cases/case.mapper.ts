import type { CaseKind, CaseStatus, CaseView, Channel, Severity, WarningColour } from '@fengqiao/contracts';
import { formatChinaTime } from '@fengqiao/calendar';
import type { CaseEntity, CasePartyEntity, CaseTimelineEntity } from './case.entity';

const iso = (d: Date | null) => (d ? formatChinaTime(d) : null);

/** Entity rows → the API's case shape; personal data leaves only in masked form. */
export function toCaseView(c: CaseEntity, parties: CasePartyEntity[], timeline: CaseTimelineEntity[], mergedIntoCaseNo?: string | null): CaseView {
  const merged = c.mergedInto ? { mergedInto: { id: c.mergedInto, caseNo: mergedIntoCaseNo ?? null } } : {};
  return {
    id: c.id,
    caseNo: c.caseNo,
    kind: c.kind as CaseKind,
    category: c.category,
    severity: c.severity as Severity,
    channel: c.channel as Channel,
    title: c.title,
    description: c.description,
    status: c.status as CaseStatus,
    outcome: c.outcome,
    warning: c.warning as WarningColour,
    orgUnit: c.orgUnit,
    orgPath: c.orgPath,
    assignee: c.assignee,
    deadlines: {
      firstReplyDue: iso(c.firstReplyDue),
      mediationDue: iso(c.mediationDue),
      jointHandlingDue: iso(c.jointHandlingDue),
      provisional: c.deadlinesProvisional,
    },
    workflowId: c.workflowId,
    routing: { ruleVersion: c.ruleVersion, tier: c.tier, team: c.team },
    clocks: c.clocks ?? [],
    // A merged case is handled in the case it joined: nothing is open on it.
    allowedActions: c.mergedInto ? [] : (c.allowedActions ?? []),
    clockActions: c.mergedInto ? [] : (c.clockActions ?? []),
    extensionRequest: c.extensionRequest ?? null,
    mediator: c.mediator,
    joint: c.joint,
    rating: c.rating,
    parties: parties
      .sort((a, b) => a.ordinal - b.ordinal)
      .map((p) => ({
        role: p.role,
        name: p.name,
        ...(p.idNumberMasked ? { idNumber: p.idNumberMasked } : {}),
        ...(p.phoneMasked ? { phone: p.phoneMasked } : {}),
      })),
    timeline: timeline.map((t) => ({ at: formatChinaTime(t.at), type: t.type, by: t.actor, detail: t.detail })),
    createdAt: formatChinaTime(c.createdAt),
    updatedAt: formatChinaTime(c.updatedAt),
    ...(c.externalSystem && c.externalRef ? { externalRef: { system: c.externalSystem, id: c.externalRef } } : {}),
    ...merged,
  };
}
