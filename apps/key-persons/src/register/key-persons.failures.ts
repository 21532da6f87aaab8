import { defineFailures } from '@fengqiao/rules';

/** The service's own answers besides the register's (libs/rules KeyPersonFailures): malformed messages. */
export const KeyPersonRequestFailures = defineFailures({
  INVALID_REQUEST: { status: 'validation', zh: '请求内容有误', en: 'The request has invalid fields' },
  NOT_SEALED: { status: 'validation', zh: '请求内容须加密传输', en: 'The request body must travel sealed' },
  PERIOD_NOT_FOUND: { status: 'notFound', zh: '特殊时期不存在', en: 'No such special period' },
  EXPORT_NOT_FOUND: { status: 'notFound', zh: '导出申请不存在', en: 'No such export request' },
  ASSESSMENT_NOT_FOUND: { status: 'notFound', zh: '评估不存在', en: 'No such assessment' },
  NO_REMOVAL_PENDING: { status: 'conflict', zh: '没有待审批的撤销列管申请', en: 'No removal is awaiting a decision' },
  OUTSIDE_JURISDICTION: {
    status: 'forbidden',
    zh: '该单位不在您的辖区内',
    en: 'The org unit is outside your jurisdiction',
    field: { path: 'orgUnit', zh: '超出辖区', en: 'outside your jurisdiction' },
  },
});
