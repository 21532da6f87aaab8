import { defineFailures } from '@fengqiao/rules';

/**
 * What the petitions service answers to a command (codes; messages zh-CN / English). A petition
 * outside the caller's jurisdiction answers like a missing one (its existence is not revealed),
 * as a case does; an activity's refusal to a workflow is `petitions.exception.ts`.
 */
export const PetitionFailures = defineFailures({
  PETITION_NOT_FOUND: { status: 'notFound', zh: '信访件不存在', en: 'Petition not found' },
  DOCUMENT_KIND_UNKNOWN: {
    status: 'validation',
    zh: '文书类型有误',
    en: 'Unknown document kind',
    field: { path: 'kind', zh: '应为 {kinds} 之一', en: 'must be one of {kinds}' },
  },
  DOCUMENT_NOT_ISSUED: { status: 'notFound', zh: '该信访件尚未出具此文书', en: 'This document has not been issued for the petition' },
});
