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
  LINK_IS_MERGE: { status: 'conflict', zh: '这是案件合并，请撤销合并（{caseNo}）', en: 'This link is a merge: undo the merge of {caseNo} instead' },
  MERGE_INVALID: { status: 'validation', zh: '合并信息不完整或有误', en: 'The merge has invalid fields' },
  MERGE_INTO_ITSELF: {
    status: 'validation',
    zh: '合并信息不完整或有误',
    en: 'The merge has invalid fields',
    field: { path: 'intoCaseId', zh: '不能并入案件本身', en: 'a case cannot be merged into itself' },
  },
  ALREADY_MERGED: { status: 'conflict', zh: '该案件已并入其他案件', en: 'The case is already merged into another' },
  MERGE_INTO_MERGED: {
    status: 'conflict',
    zh: '目标案件本身已被合并，请并入其合并后的案件',
    en: 'The target case was itself merged: merge into the case it joined',
  },
  MERGE_CLOSED_CASE: { status: 'conflict', zh: '已办结的案件不能合并', en: 'A closed case cannot be merged' },
  NOT_MERGED: { status: 'conflict', zh: '该案件未被合并', en: 'The case is not merged' },
});
