import type { FieldError, KeyPersonRiskLevel } from '@fengqiao/contracts';

/**
 * The quarterly risk assessment (季评估) as data: questions with scored options, and the score
 * thresholds that propose a risk level. A leader approves the proposal (or sets another level).
 * A new form is a new version; a submitted assessment names the version it answers.
 */
export interface AssessmentOption {
  id: string;
  zh: string;
  en: string;
  score: number;
}
export interface AssessmentQuestion {
  id: string;
  zh: string;
  en: string;
  options: AssessmentOption[];
}
export interface AssessmentForm {
  version: number;
  questions: AssessmentQuestion[];
  /** Lowest score of each level above `low`. */
  thresholds: { medium: number; high: number };
}

const opt = (id: string, zh: string, en: string, score: number): AssessmentOption => ({ id, zh, en, score });

export const KEY_PERSON_ASSESSMENT_FORMS: readonly AssessmentForm[] = [
  {
    version: 1,
    questions: [
      {
        id: 'mood',
        zh: '近期情绪状态',
        en: 'Mood lately',
        options: [
          opt('calm', '平稳', 'Calm', 0),
          opt('unsettled', '波动', 'Unsettled', 2),
          opt('agitated', '激动、有过激言行', 'Agitated, with extreme words or acts', 5),
        ],
      },
      {
        id: 'demands',
        zh: '诉求情况',
        en: 'Demands',
        options: [
          opt('settled', '已解决或无诉求', 'Settled or none', 0),
          opt('pending', '在处理中', 'Being handled', 2),
          opt('refused', '诉求未获支持且坚持', 'Refused and insisted on', 4),
        ],
      },
      {
        id: 'petitions',
        zh: '近三个月信访情况',
        en: 'Petitions in the last three months',
        options: [opt('none', '无', 'None', 0), opt('local', '本地信访', 'Locally', 2), opt('beyond', '越级或进京', 'Beyond the county or to Beijing', 5)],
      },
      {
        id: 'support',
        zh: '家庭与社会支持',
        en: 'Family and social support',
        options: [opt('strong', '良好', 'Good', 0), opt('weak', '较弱', 'Weak', 2), opt('none', '无人照管', 'No one to care', 3)],
      },
      {
        id: 'treatment',
        zh: '治疗或矫正执行情况',
        en: 'Treatment or correction followed',
        options: [opt('na', '不适用', 'Not applicable', 0), opt('followed', '按要求执行', 'Followed', 0), opt('lapsed', '未按要求执行', 'Not followed', 4)],
      },
      {
        id: 'contact',
        zh: '配合走访情况',
        en: 'Cooperation with contacts',
        options: [
          opt('cooperative', '配合', 'Cooperative', 0),
          opt('reluctant', '勉强', 'Reluctant', 1),
          opt('refusing', '拒绝、失联', 'Refuses or cannot be reached', 4),
        ],
      },
    ],
    thresholds: { medium: 5, high: 12 },
  },
];

export const CURRENT_ASSESSMENT_FORM = KEY_PERSON_ASSESSMENT_FORMS[KEY_PERSON_ASSESSMENT_FORMS.length - 1]!;

export function assessmentForm(version: number): AssessmentForm | undefined {
  return KEY_PERSON_ASSESSMENT_FORMS.find((f) => f.version === version);
}

export type AssessmentScore = { ok: true; score: number; proposedLevel: KeyPersonRiskLevel } | { ok: false; errors: FieldError[] };

/** Scores an answered form: every question answered with one of its options, nothing else. */
export function scoreAssessment(version: number, answers: Record<string, string>): AssessmentScore {
  const form = assessmentForm(version);
  if (!form) return { ok: false, errors: [{ path: 'formVersion', message: `没有第 ${version} 版评估表 / there is no assessment form version ${version}` }] };
  const errors: FieldError[] = [];
  let score = 0;
  for (const q of form.questions) {
    const answer = answers[q.id];
    const option = q.options.find((o) => o.id === answer);
    if (answer === undefined) errors.push({ path: `answers.${q.id}`, message: `请回答“${q.zh}” / answer "${q.en}"` });
    else if (!option)
      errors.push({
        path: `answers.${q.id}`,
        message: `取值应为 ${q.options.map((o) => o.id).join(' | ')} / must be one of ${q.options.map((o) => o.id).join(', ')}`,
      });
    else score += option.score;
  }
  for (const id of Object.keys(answers)) {
    if (!form.questions.some((q) => q.id === id)) errors.push({ path: `answers.${id}`, message: '不允许的字段 / unknown field' });
  }
  if (errors.length) return { ok: false, errors };
  const proposedLevel: KeyPersonRiskLevel = score >= form.thresholds.high ? 'high' : score >= form.thresholds.medium ? 'medium' : 'low';
  return { ok: true, score, proposedLevel };
}
