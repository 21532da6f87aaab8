import { defineFailures } from '@fengqiao/rules';

/** What the adapter answers the centre and the staff (codes; messages zh-CN / English). */
export const HotlineFailures = defineFailures({
  ORDER_INVALID: { status: 'validation', zh: '工单内容不完整或有误', en: 'The work order has invalid fields' },
  ORDER_NOT_FOUND: { status: 'notFound', zh: '工单不存在', en: 'Work order not found' },
  ORDER_ANSWERED: {
    status: 'conflict',
    zh: '工单已{answer}，不能再签收或退单',
    en: 'The work order was already {answerEn}; it cannot be accepted or objected to again',
  },
  REQUEST_INVALID: { status: 'validation', zh: '请求内容不合法', en: 'The request has invalid fields' },
  BODY_NOT_JSON: { status: 'malformed', zh: '请求体不是合法的 JSON', en: 'The body is not valid JSON' },
  /** Intake did not answer (no responders, a timeout) or the order could not be stored: the centre pushes again. */
  REGISTRATION_UNAVAILABLE: {
    status: 'unavailable',
    zh: '暂时无法登记工单，请稍后重试',
    en: 'The order could not be registered now; retry later',
  },
  SIGNATURE_INVALID: { status: 'unauthorized', zh: '签名无效或已过期', en: 'The signature is missing, stale or wrong' },
});
