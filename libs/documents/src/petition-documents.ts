import { chineseDate, type OfficialDocument } from './official-document';

/** The written notices and decisions of the petition process (《信访工作条例》2022). */
export const PETITION_DOCUMENT_KINDS = ['acceptance-notice', 'non-acceptance-notice', 'reply', 'review-decision', 're-review-decision'] as const;
export type PetitionDocumentKind = (typeof PETITION_DOCUMENT_KINDS)[number];

export const PETITION_DOCUMENT_TITLES: Record<PetitionDocumentKind, { zh: string; en: string }> = {
  'acceptance-notice': { zh: '信访事项受理告知书', en: 'Notice of acceptance' },
  'non-acceptance-notice': { zh: '信访事项不予受理告知书', en: 'Notice of non-acceptance' },
  reply: { zh: '信访事项处理意见书', en: 'Written reply' },
  'review-decision': { zh: '信访事项复查意见书', en: 'Review decision' },
  're-review-decision': { zh: '信访事项复核意见书', en: 'Re-review decision' },
};

/** The short word in a document number (文号) for each kind: 受, 不受, 处, 查, 核. */
const NUMBER_WORD: Record<PetitionDocumentKind, string> = {
  'acceptance-notice': '受',
  'non-acceptance-notice': '不受',
  reply: '处',
  'review-decision': '查',
  're-review-decision': '核',
};

/**
 * Why a petition is not accepted, as the petitioner is told, with the channel that is theirs
 * (依法分类处理, §31; 越级, §19). A reason without an entry is told in the officer's own words only.
 */
const NON_ACCEPTANCE_REASONS: Record<string, string> = {
  litigation: '该事项属于应当通过诉讼途径解决的事项，请您依法向人民法院提起诉讼。',
  arbitration: '该事项属于应当通过仲裁途径解决的事项，请您依法申请仲裁。',
  'administrative-review': '该事项属于应当通过行政复议途径解决的事项，请您依法申请行政复议。',
  'skips-level': '该事项越级提出。根据《信访工作条例》第十九条，请您向依法有权处理的本级或者上一级机关提出。',
  'not-petition-matter': '该事项不属于信访事项受理范围。',
};

/** What a document states about one petition; the process's own record supplies it. */
export interface PetitionDocumentData {
  caseNo: string;
  /** The matter as registered. */
  title: string;
  petitioner: string;
  registeredAt: string;
  /** The office that issues it (e.g. 安定区信访局). */
  issuer: string;
  issuedAt: string;
  /** Non-acceptance: the reason code of the decision. */
  reason?: string;
  /** The text the officer wrote: the reason told, the reply, the review or re-review opinion. */
  text?: string;
  /** Review and re-review: upheld, changed or revoked. */
  decision?: string;
}

const DECISION_WORDS: Record<string, string> = { upheld: '维持原处理意见', changed: '变更原处理意见', revoked: '撤销原处理意见' };

/** The document of a kind for one petition, ready for renderOfficialDocument. */
export function petitionDocument(kind: PetitionDocumentKind, d: PetitionDocumentData): OfficialDocument {
  const year = chineseDate(d.issuedAt).slice(0, 4);
  const matter = `您于${chineseDate(d.registeredAt)}提出的信访事项（${d.title}，编号 ${d.caseNo}）`;
  const base = {
    title: PETITION_DOCUMENT_TITLES[kind].zh,
    number: `信${NUMBER_WORD[kind]}〔${year}〕${d.caseNo}号`,
    addressee: d.petitioner,
    issuer: d.issuer,
    issuedAt: d.issuedAt,
  };
  const own = d.text ? [d.text] : [];
  switch (kind) {
    case 'acceptance-notice':
      return {
        ...base,
        paragraphs: [`${matter}已收悉。根据《信访工作条例》第二十二条、第二十三条的规定，本机关决定予以受理。`, ...own],
        note: '本机关将自受理之日起六十日内办结并书面答复；情况复杂的，经本机关负责人批准可以延长不超过三十日，并告知延期理由（第三十四条）。',
      };
    case 'non-acceptance-notice':
      return {
        ...base,
        paragraphs: [`${matter}已收悉。经审查，本机关决定不予受理。`, NON_ACCEPTANCE_REASONS[d.reason ?? ''] ?? '', ...own].filter(Boolean),
      };
    case 'reply':
      return {
        ...base,
        paragraphs: [`${matter}，本机关已办理完毕，现将处理意见答复如下：`, ...own],
        note: '如对本处理意见不服，可以自收到本意见书之日起三十日内请求原办理机关的上一级机关复查（第三十五条）。',
      };
    case 'review-decision':
      return {
        ...base,
        paragraphs: [`${matter}，您对处理意见提出的复查请求，本机关经复查，决定${DECISION_WORDS[d.decision ?? ''] ?? '作出如下复查意见'}。`, ...own],
        note: '如对复查意见不服，可以自收到本意见书之日起三十日内向复查机关的上一级机关请求复核（第三十六条）。',
      };
    case 're-review-decision':
      return {
        ...base,
        paragraphs: [`${matter}，您对复查意见提出的复核请求，本机关经复核，决定${DECISION_WORDS[d.decision ?? ''] ?? '作出如下复核意见'}。`, ...own],
        note: '本复核意见为最终意见。信访人对复核意见不服，仍以同一事实和理由提出投诉请求的，各级机关不再受理（第三十六条）。',
      };
  }
}
