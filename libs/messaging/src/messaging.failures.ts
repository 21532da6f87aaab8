import { defineFailures } from '@fengqiao/rules';

/** What a service answers when a command fails on its side (the guard of every handler). */
export const ServiceFailures = defineFailures({
  DEPENDENCY_UNAVAILABLE: {
    status: 'unavailable',
    zh: '数据库或流程引擎暂不可用，请稍后用同一 Idempotency-Key 重试',
    en: 'The database or the process engine is unavailable for a moment; retry with the same Idempotency-Key',
    retryAfter: 2,
  },
  INTERNAL: { status: 'internal', zh: '请稍后重试', en: 'Please retry later' },
});
