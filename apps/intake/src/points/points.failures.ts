import { defineFailures } from '@fengqiao/rules';

/** What intake answers about participation points (codes; messages zh-CN / English). */
export const PointsFailures = defineFailures({
  POINTS_QUERY_INVALID: { status: 'validation', zh: '查询参数有误', en: 'Invalid query' },
  POINTS_RESIDENT_INVALID: { status: 'validation', zh: '居民标识有误', en: 'Invalid resident id' },
  POINTS_ACCOUNT_NOT_FOUND: { status: 'notFound', zh: '该居民尚无积分账户', en: 'This resident has no points account' },
  POINTS_REDEMPTION_INVALID: { status: 'validation', zh: '兑换信息有误', en: 'The redemption has invalid fields' },
  POINTS_BALANCE_SHORT: {
    status: 'conflict',
    zh: '积分不足：余额 {balance} 分，兑换需 {points} 分',
    en: 'Not enough points: the balance is {balance}, the redemption needs {points}',
  },
  POINTS_ADJUSTMENT_INVALID: { status: 'validation', zh: '积分调整信息有误', en: 'The adjustment has invalid fields' },
  POINTS_ADJUSTMENT_BELOW_ZERO: {
    status: 'conflict',
    zh: '调整后余额将为负数：余额 {balance} 分，扣减 {points} 分',
    en: 'The adjustment would take the balance below zero: the balance is {balance}, the deduction {points}',
  },
  POINTS_RULES_VERSION_NOT_FOUND: { status: 'notFound', zh: '积分规则版本 {version} 不存在', en: 'Points rules version {version} not found' },
  POINTS_RULES_INVALID: { status: 'validation', zh: '积分规则有误', en: 'The points rules have invalid fields' },
  POINTS_RULES_UNKNOWN_CATEGORY: { status: 'validation', zh: '积分规则引用了不存在的类别', en: 'The points rules name unknown categories' },
});
