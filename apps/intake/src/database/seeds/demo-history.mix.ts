import type { Department, Outcome, Severity } from '@fengqiao/contracts';
import type { PlannedMediator } from './demo-history.walk';

/**
 * The demo county's history in proportions: where cases come from, their categories, channels and
 * scores, and how disputes go. Which kinds are seeded, in what share and with which titles, is
 * each kind's own declaration (\`demo\` in libs/rules' kind modules).
 */

/** Where cases are registered: the towns most, their villages, the district and city centres some. */
export const UNIT_SHARES: Array<[string, number]> = [
  ['621102101', 0.3],
  ['621102102', 0.25],
  ['621102101201', 0.12],
  ['621102101202', 0.1],
  ['621102102201', 0.1],
  ['621102', 0.09],
  ['621100', 0.04],
];
/** The township that serves a unit (its clerks and mediators act for its villages). */
export const SERVING: Record<string, string> = { '621102101201': '621102101', '621102101202': '621102101', '621102102201': '621102102' };

export const CATEGORY_SHARES: Array<[string, number]> = [
  ['neighbour', 0.22],
  ['marriage-family', 0.18],
  ['land', 0.14],
  ['labour', 0.12],
  ['property', 0.08],
  ['traffic', 0.08],
  ['consumer', 0.07],
  ['other', 0.08],
  ['medical', 0.03],
];
export const SEVERITY_SHARES: Array<[Severity, number]> = [
  ['ordinary', 0.85],
  ['difficult', 0.12],
  ['major', 0.03],
];
export const CHANNEL_SHARES: Array<[string, number]> = [
  ['walk-in', 0.45],
  ['hotline', 0.2],
  ['online', 0.18],
  ['grid', 0.12],
  ['letter', 0.02],
  ['referral', 0.02],
  ['video', 0.01],
];
export const SCORES: Array<[number, number]> = [
  [5, 0.6],
  [4, 0.3],
  [3, 0.07],
  [2, 0.02],
  [1, 0.01],
];
export const SCORES_AFTER_FAILURE: Array<[number, number]> = [
  [5, 0.1],
  [4, 0.3],
  [3, 0.4],
  [2, 0.15],
  [1, 0.05],
];

/**
 * The mix the seed reports describe (docs/metrics.md, "Checks against published figures"): disputes go to a
 * mediator in a minority of cases (Wuwei: 20 of 110 transferred) and 82 % of those end in an
 * agreement (Jingchuan: 4,235 of 5,164); the rest are settled at first contact.
 */
export const HISTORY_MIX = {
  mediatedShare: 0.08,
  agreementShare: 0.82,
  /** Of the mediated cases that do not end in agreement. */
  otherOutcomes: [
    ['failed', 0.7],
    ['withdrawn', 0.15],
    ['referred-litigation', 0.15],
  ] as Array<[Outcome, number]>,
  /** Mediated cases handled jointly with a department (市镇联动). */
  jointShare: 0.12,
  /** Disputes replied to without settling before they are assigned. */
  repliedBeforeAssignShare: 0.5,
  ratedShare: 0.82,
  /** First replies that come a day or more late. */
  lateReplyShare: 0.02,
  /** Disputes of the last days before the end left without a reply or a settlement. */
  stalledShare: 0.12,
  stallWindowDays: 8,
} as const;

/**
 * The demo mediators who sign in (apps/mediation's demo seed, the same ids and names): an open
 * case in mediation is one its mediator can act on. The district's cases go to the city's.
 */
export const MEDIATORS: Record<string, Omit<PlannedMediator, 'team'>> = {
  '621102101': { id: '5e0d1a7e-0000-4000-8000-000000000101', name: '张调解', username: 'mediator.621102101' },
  '621102102': { id: '5e0d1a7e-0000-4000-8000-000000000201', name: '王调解', username: 'mediator.621102102' },
  '621100': { id: '5e0d1a7e-0000-4000-8000-000000000301', name: '刘调解', username: 'mediator.621100' },
};

export const JOINT_DEPARTMENT: Record<string, Department> = {
  labour: 'hr-social-security',
  land: 'natural-resources',
  property: 'housing',
  traffic: 'public-security',
  consumer: 'market-regulation',
  'marriage-family': 'womens-federation',
};

export const DISPUTE_TITLES: Record<string, string[]> = {
  neighbour: ['院墙排水纠纷', '邻里噪音纠纷', '通行道路纠纷', '房屋采光纠纷'],
  'marriage-family': ['赡养老人费用纠纷', '离婚子女抚养纠纷', '婚后财产分割纠纷'],
  land: ['承包地边界纠纷', '宅基地使用纠纷', '土地流转费用纠纷'],
  labour: ['拖欠工资纠纷', '工伤赔偿纠纷', '劳务报酬纠纷'],
  property: ['物业费收缴纠纷', '小区停车纠纷', '房屋漏水维修纠纷'],
  traffic: ['交通事故赔偿纠纷', '车辆剐蹭赔偿纠纷'],
  consumer: ['商品质量纠纷', '预付卡退费纠纷'],
  medical: ['诊疗费用纠纷', '医疗损害赔偿纠纷'],
  other: ['民间借贷纠纷', '合同履行纠纷'],
};
export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '马', '魏', '牛', '何', '苏'];
export const GIVEN = ['建国', '春梅', '志强', '秀兰', '海龙', '玉珍', '文斌', '桂英', '小军', '丽娟', '永红', '德胜', '金花', '国强', '亚楠'];
