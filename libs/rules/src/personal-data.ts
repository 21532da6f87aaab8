import { defineFailures } from './failures';

/**
 * Reads of a case's personal data are recorded before they answer (docs/architecture.md, Personal
 * data): when the audit log cannot take the entry, the read is refused, never answered unrecorded.
 */
export const ReadAuditFailures = defineFailures({
  READ_NOT_AUDITED: {
    status: 'unavailable',
    zh: '审计日志暂时无法记录本次查阅，为保护个人信息暂不提供，请稍后重试',
    en: 'The audit log cannot record this read right now, so the personal data is not shown: retry later',
  },
  PURPOSE_TOO_LONG: {
    status: 'validation',
    zh: '查阅用途过长（最多 {max} 个字）',
    en: 'The purpose is too long (at most {max} characters)',
  },
});
