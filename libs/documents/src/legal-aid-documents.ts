import { chineseDate, type OfficialDocument } from './official-document';

/** The written decisions and notices of the legal-aid process (《中华人民共和国法律援助法》2021). */
export const LEGAL_AID_DOCUMENT_KINDS = ['grant-decision', 'refusal-decision', 'material-request', 'assignment-letter'] as const;
export type LegalAidDocumentKind = (typeof LEGAL_AID_DOCUMENT_KINDS)[number];

export const LEGAL_AID_DOCUMENT_TITLES: Record<LegalAidDocumentKind, { zh: string; en: string }> = {
  'grant-decision': { zh: '给予法律援助决定书', en: 'Decision to grant legal aid' },
  'refusal-decision': { zh: '不予法律援助决定书', en: 'Decision to refuse legal aid' },
  'material-request': { zh: '补充材料通知书', en: 'Notice to supply materials' },
  'assignment-letter': { zh: '指派函', en: 'Letter of assignment' },
};

/** The short word in a document number (文号): 援, 不援, 补, 指. */
const NUMBER_WORD: Record<LegalAidDocumentKind, string> = {
  'grant-decision': '援',
  'refusal-decision': '不援',
  'material-request': '补',
  'assignment-letter': '指',
};

/** The matters of §24, §25, §29 and §31 as a decision names them (contracts' LEGAL_AID_MATTERS). */
export const LEGAL_AID_MATTER_LABELS: Record<string, string> = {
  'state-compensation': '请求国家赔偿',
  'social-insurance-or-assistance': '请求给予社会保险待遇或者社会救助',
  pension: '请求发给抚恤金',
  maintenance: '请求给付赡养费、抚养费、扶养费',
  labour: '请求确认劳动关系或者支付劳动报酬',
  'legal-capacity': '请求认定公民无民事行为能力或者限制民事行为能力',
  'personal-injury': '请求人身损害赔偿',
  environmental: '请求环境污染、生态破坏损害赔偿',
  'other-civil': '其他民事、行政事项',
  'criminal-defence': '刑事辩护',
  'criminal-victim': '刑事被害人、自诉人、附带民事诉讼当事人代理',
  'criminal-compulsory': '通知辩护',
  'not-covered': '其他事项',
};

/** The roster's provider types as a letter names them. */
export const PROVIDER_TYPE_LABELS: Record<string, string> = {
  'staff-lawyer': '法律援助机构律师',
  'firm-lawyer': '律师事务所律师',
  'grassroots-worker': '基层法律服务工作者',
};

/** What a document states about one legal-aid case; the process's own record supplies it. */
export interface LegalAidDocumentData {
  caseNo: string;
  /** The applicant addressed (the assignment letter is addressed to the provider's organisation). */
  applicant: string;
  /** A LEGAL_AID_MATTERS code, or the matter in words. */
  matter: string;
  appliedAt: string;
  /** The agency that issues it (e.g. 安定区法律援助中心). */
  issuer: string;
  issuedAt: string;
  /** Refusal: the reasons (the rules not met), each a line; material request: every missing item. */
  items?: string[];
  /** The officer's own words (the refusal's text, the request's message, the grant's note). */
  text?: string;
  /** Assignment letter: who is assigned. */
  provider?: { name: string; organisation: string; type?: string };
}

const matterOf = (m: string) => LEGAL_AID_MATTER_LABELS[m] ?? m;
const numbered = (items: readonly string[]) => items.map((it, i) => `${i + 1}. ${it}`);

/** The document of a kind for one legal-aid case, ready for renderOfficialDocument. */
export function legalAidDocument(kind: LegalAidDocumentKind, d: LegalAidDocumentData): OfficialDocument {
  const year = chineseDate(d.issuedAt).slice(0, 4);
  const matter = `您于${chineseDate(d.appliedAt)}提出的法律援助申请（${matterOf(d.matter)}，编号 ${d.caseNo}）`;
  const base = {
    title: LEGAL_AID_DOCUMENT_TITLES[kind].zh,
    number: `法援${NUMBER_WORD[kind]}〔${year}〕${d.caseNo}号`,
    addressee: d.applicant,
    issuer: d.issuer,
    issuedAt: d.issuedAt,
  };
  const own = d.text ? [d.text] : [];
  switch (kind) {
    case 'grant-decision':
      return {
        ...base,
        paragraphs: [
          `${matter}，本机构已收悉。经审查，您的申请符合《中华人民共和国法律援助法》规定的法律援助条件，本机构决定给予法律援助。`,
          '本机构将自本决定作出之日起三日内指派法律援助人员为您提供法律援助（第四十三条）。请您如实提供有关情况和材料，配合法律援助人员开展工作。',
          ...own,
        ],
      };
    case 'refusal-decision':
      return {
        ...base,
        paragraphs: [`${matter}，本机构已收悉。经审查，您的申请不符合法律援助条件，本机构决定不予法律援助。理由如下：`, ...numbered(d.items ?? []), ...own],
        note: '如对本决定有异议，可以自收到本决定书之日起向设立本机构的司法行政部门提出；司法行政部门将自收到异议之日起五日内审查并作出维持或者责令改正的决定（第四十九条）。',
      };
    case 'material-request':
      return {
        ...base,
        paragraphs: [`${matter}，本机构已收悉。经审查，申请材料不齐全，请您补充以下材料：`, ...numbered(d.items ?? []), ...own],
        note: '审查期限自本机构收到补充材料之日起继续计算；您无正当理由逾期未补充的，视为撤回申请（第四十三条）。',
      };
    case 'assignment-letter':
      return {
        ...base,
        addressee: d.provider?.organisation ?? d.applicant,
        paragraphs: [
          `本机构已决定对${d.applicant}的法律援助申请（${matterOf(d.matter)}，编号 ${d.caseNo}）给予法律援助。`,
          `现指派${d.provider?.organisation ?? ''}${d.provider?.type ? (PROVIDER_TYPE_LABELS[d.provider.type] ?? '') : ''}${d.provider?.name ?? ''}承办本案。请承办人员及时与受援人联系，依法提供法律援助，并在案件办结后按规定提交结案归档材料。`,
          ...own,
        ],
        note: '法律援助人员应当依法履行职责，及时为受援人提供符合标准的法律援助服务，不得收取任何财物（第十九条、第二十二条）。',
      };
  }
}
