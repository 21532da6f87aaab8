import { defineFailures } from '@fengqiao/rules';

/** What insights answers (codes; messages zh-CN / English). Jurisdiction answers are libs/rules' `JurisdictionFailures`. */
export const InsightsFailures = defineFailures({
  STATS_FORBIDDEN: { status: 'forbidden', zh: '当前角色无权查看统计', en: 'Your role may not read statistics' },
  STATS_QUERY_INVALID: { status: 'validation', zh: '统计查询参数有误', en: 'The statistics query is not valid' },
  BOARD_FORBIDDEN: { status: 'forbidden', zh: '当前角色无权查看三色预警', en: 'Your role may not read the board' },
  BOARD_QUERY_INVALID: { status: 'validation', zh: '查询参数有误', en: 'The board query is not valid' },
  MAP_FORBIDDEN: { status: 'forbidden', zh: '当前角色无权查看地图', en: 'Your role may not read the map' },
  MAP_QUERY_INVALID: { status: 'validation', zh: '地图查询参数有误', en: 'The map query is not valid' },
  MAP_SHAPES_UNAVAILABLE: { status: 'unavailable', zh: '网格边界暂时无法读取', en: 'The grid register cannot be read for a moment', retryAfter: 2 },
  ORG_UNIT_REQUIRED: { status: 'validation', zh: '请指定单位', en: 'Give an org unit', field: { path: 'orgUnit', zh: '必填', en: 'orgUnit is required' } },
  REPORT_ORDER_FORBIDDEN: { status: 'forbidden', zh: '仅管理员可生成月报', en: 'Only admins may order a report' },
  REPORT_REQUEST_INVALID: { status: 'validation', zh: '月报请求有误', en: 'The report request is not valid' },
  REPORT_MONTH_NOT_BEGUN: {
    status: 'validation',
    zh: '月份尚未开始',
    en: 'That month has not begun',
    field: { path: 'month', zh: '不能晚于本月', en: 'must not be after the current month' },
  },
  REPORT_UNIT_WITHOUT_REPORT: {
    status: 'validation',
    zh: '该单位没有月报',
    en: 'That unit gets no monthly report',
    field: { path: 'orgUnit', zh: '须为市、县（区）或乡镇（街道）', en: 'must be a city, county or township' },
  },
  REPORT_UNIT_UNKNOWN: {
    status: 'validation',
    zh: '统计中尚无该单位',
    en: 'The read model does not know that unit',
    field: { path: 'orgUnit', zh: '尚无该单位的案件', en: 'no case of that unit yet' },
  },
  REPORT_QUERY_INVALID: { status: 'validation', zh: '月报查询参数有误', en: 'The report query is not valid' },
  REPORT_FORMAT_UNKNOWN: {
    status: 'validation',
    zh: '文件格式有误',
    en: 'Unknown file format',
    field: { path: 'format', zh: '须为 {formats} 之一', en: 'must be one of {formats}' },
  },
  REPORT_NOT_FOUND: { status: 'notFound', zh: '月报不存在', en: 'No such report' },
  REPORTS_FORBIDDEN: { status: 'forbidden', zh: '当前角色无权查看月报', en: 'Your role may not read reports' },
  REPORT_OUTSIDE_JURISDICTION: { status: 'forbidden', zh: '该月报超出辖区', en: 'The report is outside your jurisdiction' },
});
