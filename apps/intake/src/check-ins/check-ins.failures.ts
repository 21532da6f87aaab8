import { defineFailures } from '@fengqiao/rules';

/** What intake answers about the daily check-in (codes; messages zh-CN / English). */
export const CheckInFailures = defineFailures({
  CHECK_IN_FOR_OTHERS: {
    status: 'forbidden',
    zh: '只能为本人报平安，不能代他人签到',
    en: 'A check-in is for yourself only; it cannot name another grid worker',
  },
  CHECK_IN_INVALID: { status: 'validation', zh: '报平安数据有误', en: 'The check-in has invalid fields' },
  CHECK_IN_NOT_GRID_WORKER: {
    status: 'forbidden',
    zh: '您未登记为任何网格的网格员',
    en: 'You are not registered as the grid worker of any grid',
  },
  CHECK_IN_OUTSIDE_GRID: {
    status: 'validation',
    zh: '当前位置不在您负责的网格 {grids} 范围内',
    en: 'Your position lies outside your grid(s) {grids}',
    field: { path: 'position', zh: '位置不在网格内', en: 'outside your grid' },
  },
  CHECK_IN_QUERY_INVALID: { status: 'validation', zh: '查询条件有误', en: 'Invalid query' },
  ROLL_CALL_QUERY_INVALID: { status: 'validation', zh: '查询条件有误', en: 'Invalid query' },
  ROLL_CALL_UNIT_NOT_COUNTY: { status: 'validation', zh: '单位 {code} 不是县级单位', en: '{code} is not a county' },
});
