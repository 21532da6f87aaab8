import type { DisputeAction, DisputeState } from '@fengqiao/contracts';

/**
 * The actions that fit a case's state — the whole state machine of the dispute path in one
 * place. Anything else is refused (409 at the gateway) with this list.
 */
export function allowedActions(s: Pick<DisputeState, 'status' | 'joint' | 'feedbackRecorded' | 'clocks'>): DisputeAction[] {
  const returnVisitDue = s.clocks.some((c) => c.kind === 'return-visit');
  const visit: DisputeAction[] = returnVisitDue ? ['return-visit'] : [];
  switch (s.status) {
    case 'first-contact':
      return ['reply', 'assign', 'escalate'];
    case 'mediation':
      return ['session', 'assign', 'escalate', 'conclude'];
    case 'joint-handling': {
      const parts = s.joint?.parts ?? [];
      const actions: DisputeAction[] = ['session'];
      if (parts.some((p) => !p.reportedInAt)) actions.push('report-in');
      if (parts.some((p) => p.reportedInAt && !p.resultAt)) actions.push('dept-result');
      // The lead closes only with every part in (部门报到 and result filed).
      if (parts.every((p) => p.resultAt)) actions.push('conclude');
      return actions;
    }
    case 'awaiting-feedback':
      // A case cannot close without a recorded feedback: rating comes after it.
      return [s.feedbackRecorded ? 'rate' : 'feedback', ...visit];
    case 'review':
      return ['return-visit'];
    case 'closed':
      return visit;
    default:
      return []; // not a stage of the dispute path (another kind's status)
  }
}
