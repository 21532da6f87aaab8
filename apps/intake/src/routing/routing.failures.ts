import { defineFailures } from '@fengqiao/rules';

/** What intake answers about routing rules and holiday notices (codes; messages zh-CN / English). */
export const RoutingFailures = defineFailures({
  INVALID_QUERY: { status: 'validation', zh: '查询参数有误', en: 'Invalid query' },
  ROUTING_RULES_VERSION_NOT_FOUND: { status: 'notFound', zh: '路由规则版本 {version} 不存在', en: 'Routing rules version {version} not found' },
  ROUTING_RULES_FORBIDDEN: { status: 'forbidden', zh: '只有管理员可以发布路由规则', en: 'Only an admin may publish routing rules' },
  ROUTING_RULES_INVALID: { status: 'validation', zh: '路由规则有误', en: 'The routing rules have invalid fields' },
  ROUTING_RULES_UNKNOWN_CATEGORY: { status: 'validation', zh: '路由规则引用了不存在的类别', en: 'The routing rules name unknown categories' },
  CATEGORIES_FORBIDDEN: { status: 'forbidden', zh: '只有管理员可以维护案件类别', en: 'Only an admin may add or rename categories' },
  CATEGORIES_INVALID: { status: 'validation', zh: '案件类别有误', en: 'The categories have invalid fields' },
  HOLIDAY_NOTICE_FORBIDDEN: { status: 'forbidden', zh: '只有管理员可以加载节假日通知', en: 'Only an admin may load a holiday notice' },
  HOLIDAY_NOTICE_INVALID: { status: 'validation', zh: '节假日通知有误', en: 'The holiday notice has invalid fields' },
  HOLIDAY_NOTICE_BUILT_IN: {
    status: 'conflict',
    zh: '{year} 年的节假日安排已内置（{notice}），不能通过接口替换',
    en: 'The {year} notice is built in ({notice}) and cannot be replaced through the API',
  },
  HOLIDAY_NOTICE_MISFITS_CALENDAR: { status: 'validation', zh: '节假日通知与日历不一致', en: 'The notice does not fit the calendar: {reason}' },
  HOLIDAY_NOTICE_ALREADY_LOADED: { status: 'conflict', zh: '{year} 年的节假日通知已加载', en: 'The {year} notice is already loaded' },
  HOLIDAY_NOTICE_LOADED_BY: {
    status: 'conflict',
    zh: '{year} 年的节假日通知已于 {at} 由 {by} 加载（{notice}），不会被静默替换',
    en: 'The {year} notice is already loaded ({notice}, by {by} at {at}); it is not silently replaced',
  },
});
