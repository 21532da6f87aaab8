import { defineFailures } from '@fengqiao/rules';

/** What intake answers about person files and case links (codes; messages zh-CN / English). */
export const PersonFileFailures = defineFailures({
  PERSON_FILE_QUERY_INVALID: { status: 'validation', zh: '查询参数有误', en: 'Invalid query' },
  PERSON_NOT_FOUND: { status: 'notFound', zh: '辖区内没有此人的案件', en: 'No case of this person in your jurisdiction' },
  LINK_INVALID: { status: 'validation', zh: '关联信息不完整或有误', en: 'The link has invalid fields' },
  LINK_CASE_NOT_FOUND: { status: 'notFound', zh: '要关联的案件不存在', en: 'A case to link was not found' },
  LINK_TO_ITSELF: {
    status: 'validation',
    zh: '关联信息不完整或有误',
    en: 'The link has invalid fields',
    field: { path: 'linkedCaseId', zh: '不能关联案件本身', en: 'a case cannot be linked to itself' },
  },
  LINK_EXISTS: { status: 'conflict', zh: '这两件案件已有同类关联', en: 'The two cases are already linked this way' },
  LINK_NOT_FOUND: { status: 'notFound', zh: '关联不存在或已解除', en: 'The link does not exist or was removed' },
});
