import type { CaseStepType, HotlinePushKind } from '@fengqiao/contracts';

/** Case steps the 12345 centre hears about: progress, the result, the return visit (回访). */
const STEP_PUSHES: Partial<Record<CaseStepType, HotlinePushKind>> = {
  replied: 'progress',
  assigned: 'progress',
  'session-recorded': 'progress',
  escalated: 'progress',
  'department-reported-in': 'progress',
  'department-result-filed': 'progress',
  'feedback-recorded': 'progress',
  reopened: 'progress',
  concluded: 'result',
  rated: 'return-visit',
  'return-visit-recorded': 'return-visit',
};

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * The push a case step becomes (none for steps the centre does not follow), with what it may read:
 * the staff's notes and the outcome, never a party's personal data (steps carry none).
 */
export function pushOfStep(step: string, detail: Record<string, unknown>): { kind: HotlinePushKind; detail: Record<string, unknown> } | undefined {
  const kind = STEP_PUSHES[step as CaseStepType];
  if (!kind) return undefined;
  if (kind === 'result') return { kind, detail: { outcome: str(detail['outcome']) ?? null, summary: str(detail['summary']) ?? null } };
  if (kind === 'return-visit') {
    // A rating carries its score and comment; a dispute's return visit its summary and whether the matter stays resolved.
    const score = typeof detail['score'] === 'number' ? detail['score'] : null;
    return {
      kind,
      detail: {
        score,
        note: str(detail['comment']) ?? str(detail['summary']) ?? null,
        ...(typeof detail['resolved'] === 'boolean' ? { resolved: detail['resolved'] } : {}),
      },
    };
  }
  return { kind, detail: { note: str(detail['message']) ?? str(detail['note']) ?? str(detail['summary']) ?? null } };
}
