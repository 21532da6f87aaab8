import { genericActionBodySchemas, type CaseStatus, type GenericAction } from '@fengqiao/contracts';
import { Roles, type Role } from '../roles';
import type { ActionSpec, Bilingual, CaseKindModule, DemoDeclaration, MetricSteps, ProcessStateView } from './case-kind';
import { clockActions } from './clock-actions';

/** Where the generic process stands → what may be done (the workflow's validator uses the same). */
export function genericAllowedActions(s: ProcessStateView): GenericAction[] {
  switch (s.status) {
    case 'first-contact':
      return ['reply'];
    case 'handling':
      return ['conclude'];
    case 'awaiting-feedback':
      // Never closed without the result told to the resident.
      return [s.feedbackRecorded ? 'rate' : 'feedback'];
    default:
      return [];
  }
}

/** The generic process never goes to a mediator. */
export const GENERIC_METRIC_STEPS: MetricSteps = { firstReply: ['replied'], mediated: { types: [], statuses: [] }, rated: ['rated'], closed: ['closed'] };

/**
 * A kind on the generic process (first-contact reply → handling → feedback → rating → closed) on its
 * category's clocks. `officers` are the kind's own staff roles, who act beside the centre's clerks.
 */
export function genericKind(kind: string, label: Bilingual, o: { officers?: readonly Role[]; demo?: DemoDeclaration } = {}): CaseKindModule {
  const officers = o.officers ?? [];
  const staff = (...roles: Role[]): Role[] => [...new Set([...roles, ...officers])];
  const action = (a: GenericAction, roles: Role[], l: Bilingual, description: Bilingual, example: Record<string, unknown>): ActionSpec => ({
    schema: genericActionBodySchemas[a],
    roles,
    label: l,
    description,
    example,
  });
  return {
    kind,
    label,
    process: { workflowType: 'caseHandling', idPrefix: kind, workflowPackage: '@fengqiao/workflow-case-handling' },
    statuses: ['first-contact', 'handling', 'awaiting-feedback', 'closed'] satisfies CaseStatus[],
    allowedActions: genericAllowedActions,
    metricSteps: GENERIC_METRIC_STEPS,
    ...(o.demo ? { demo: o.demo } : {}),
    actions: {
      reply: action(
        'reply',
        staff(Roles.clerk),
        { zh: '答复', en: 'Reply' },
        { zh: '首问答复；resolved 为 true 时当场办结，转入结果告知', en: 'First-contact reply; resolved: true settles it on the spot' },
        { message: '已受理，三日内答复', resolved: false },
      ),
      conclude: action(
        'conclude',
        staff(Roles.clerk, Roles.leader),
        { zh: '办结', en: 'Conclude' },
        { zh: '处理完毕，转入结果告知', en: 'Handling done; moves to awaiting feedback' },
        { outcome: 'resolved', summary: '已协调相关部门处理完毕' },
      ),
      feedback: action(
        'feedback',
        staff(Roles.clerk),
        { zh: '告知结果', en: 'Record feedback' },
        { zh: '向群众告知处理结果', en: 'The result told to the resident' },
        { message: '已电话告知处理结果', channel: 'phone' },
      ),
      // The resident rates; a clerk may record it on their behalf (not the kind's officers: they handled it).
      rate: action(
        'rate',
        [Roles.resident, Roles.clerk],
        { zh: '评价', en: 'Rate' },
        { zh: '满意度评价（1–5），评价后办结', en: 'Satisfaction 1–5; closes the case' },
        { score: 5 },
      ),
      ...clockActions(staff(Roles.clerk, Roles.leader), [Roles.leader]),
    },
  };
}
