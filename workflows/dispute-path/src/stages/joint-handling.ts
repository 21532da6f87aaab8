import type { ActionBody } from '@fengqiao/contracts';
import { partClockId } from '@fengqiao/rules';
import type { DisputeContext } from '../dispute-context';

/** The joint-handling clock of the lead centre; its due date is the case's joint-handling deadline. */
export function startJointHandlingClock(ctx: DisputeContext, lead: string, at = Date.now()) {
  ctx.deadlines.jointHandlingDue = ctx.start({ id: 'joint-handling', kind: 'joint-handling', owner: 'centre', orgUnit: lead, period: 'jointHandling' }, at).due;
}

/** 市镇联动: departments are summoned, each on its own report-in clock; by a person or, when mediation runs out, by the rule. */
export async function escalate(ctx: DisputeContext, body: ActionBody<'escalate'>, actor: string, automatic: boolean) {
  const { input, state } = ctx;
  const lead = body.leadOrgUnit ?? input.orgUnit;
  const parts = body.departments.map((d) => (typeof d === 'string' ? { department: d, orgUnit: lead } : d));
  const at = ctx.now();
  const reportIn = parts.map((p) =>
    ctx.startLater({ id: partClockId('report-in', p.department, p.orgUnit), kind: 'report-in', owner: p.department, orgUnit: p.orgUnit, period: 'reportIn' }),
  );
  // 中心吹哨: each part is opened at the centre that hosts the department (its own deployment).
  await Promise.all(
    parts.map((p, i) =>
      ctx.mediation(p.orgUnit, automatic).openDepartmentPart({
        caseId: input.caseId,
        caseNo: input.caseNo,
        department: p.department,
        orgUnit: p.orgUnit,
        leadOrgUnit: lead,
        at,
        reportInDue: reportIn[i].due,
      }),
    ),
  );
  for (const id of ['first-reply', 'first-contact', 'mediation']) ctx.stop(id);
  state.status = 'joint-handling';
  state.joint = { leadOrgUnit: lead, reason: body.reason, parts: parts.map((p) => ({ ...p, reportedInAt: null, resultAt: null })) };
  state.clocks.push(...reportIn);
  startJointHandlingClock(ctx, lead);
  await ctx.record('escalated', actor, { reason: body.reason, leadOrgUnit: lead, departments: parts, automatic });
}

/** A summoned department reports in (部门报到): its result clock starts. */
export async function reportIn(ctx: DisputeContext, body: ActionBody<'report-in'>, actor: string) {
  // The validator made sure the department was summoned and has not reported in.
  const part = ctx.state.joint!.parts.find((p) => p.department === body.department)!;
  const at = ctx.now();
  await ctx.mediation(part.orgUnit).recordReportIn({ caseId: ctx.input.caseId, department: part.department, orgUnit: part.orgUnit, officer: actor, at });
  part.reportedInAt = at;
  ctx.stop(partClockId('report-in', part.department, part.orgUnit));
  ctx.start({
    id: partClockId('department-result', part.department, part.orgUnit),
    kind: 'department-result',
    owner: part.department,
    orgUnit: part.orgUnit,
    period: 'departmentResult',
  });
  await ctx.record('department-reported-in', actor, { department: part.department, orgUnit: part.orgUnit });
}

export async function departmentResult(ctx: DisputeContext, body: ActionBody<'dept-result'>, actor: string) {
  const part = ctx.state.joint!.parts.find((p) => p.department === body.department)!;
  const at = ctx.now();
  await ctx
    .mediation(part.orgUnit)
    .recordDepartmentResult({ caseId: ctx.input.caseId, department: part.department, orgUnit: part.orgUnit, officer: actor, summary: body.summary, at });
  part.resultAt = at;
  ctx.stop(partClockId('department-result', part.department, part.orgUnit));
  await ctx.record('department-result-filed', actor, { department: part.department, orgUnit: part.orgUnit, summary: body.summary });
}
