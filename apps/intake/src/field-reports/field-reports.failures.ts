import { defineFailures } from '@fengqiao/rules';

/** What intake answers about field reports (随手拍; codes; messages zh-CN / English). */
export const FieldReportFailures = defineFailures({
  FIELD_REPORT_INVALID: { status: 'validation', zh: '上报内容有误', en: 'The field report has invalid fields' },
  FIELD_REPORT_QUERY_INVALID: { status: 'validation', zh: '查询条件有误', en: 'Invalid query' },
  FIELD_REPORT_NOT_FOUND: { status: 'notFound', zh: '上报事项不存在', en: 'No such field report' },
  FIELD_REPORT_NOT_GRID_WORKER: {
    status: 'forbidden',
    zh: '您未登记为任何网格的网格员',
    en: 'You are not registered as the grid worker of any grid',
  },
  FIELD_REPORT_NOT_YOUR_GRID: {
    status: 'forbidden',
    zh: '网格 {grid} 不是您负责的网格',
    en: 'Grid {grid} is not one of your grids',
  },
  FIELD_REPORT_SETTLE_ON_SPOT_FORBIDDEN: {
    status: 'forbidden',
    zh: '只有网格员可以就地办结',
    en: 'Only a grid worker may settle a report on the spot',
  },
  FIELD_REPORT_OUTSIDE_GRID: {
    status: 'validation',
    zh: '上报位置不在网格 {grid} 范围内',
    en: 'The position lies outside grid {grid}',
    field: { path: 'position', zh: '位置不在网格 {grid} 内', en: 'outside grid {grid}' },
  },
  FIELD_REPORT_ATTACHMENT_UNKNOWN: {
    status: 'validation',
    zh: '附件 {id} 不是本上报事项已保存的照片（请先上传到该事项）',
    en: 'Attachment {id} is not a stored photo of this field report (upload it to the report first)',
    field: { path: 'attachmentIds', zh: '附件 {id} 不属于本事项', en: 'attachment {id} is not one of this report' },
  },
  FIELD_REPORT_OUTSIDE_ANY_GRID: {
    status: 'validation',
    zh: '上报位置不在任何已划定边界的网格内',
    en: 'The position lies in no grid with a boundary',
    field: { path: 'position', zh: '位置不在任何网格内', en: 'outside every grid' },
  },
  FIELD_REPORT_GRID_WITHOUT_BOUNDARY: {
    status: 'validation',
    zh: '网格 {grid} 尚未划定边界，无法核对位置',
    en: 'Grid {grid} has no boundary yet; the position cannot be checked',
    field: { path: 'gridCode', zh: '网格 {grid} 无边界', en: 'grid {grid} has no boundary' },
  },
  FIELD_REPORT_NOT_OPEN: {
    status: 'conflict',
    zh: '该上报事项已处理（{status}）',
    en: 'The report has been handled already ({status})',
  },
  FIELD_REPORT_BEING_SENT: {
    status: 'conflict',
    zh: '该上报事项正在报送中心，请重试报送',
    en: 'The report is being sent to the centre; retry the send',
  },
  FIELD_REPORT_NOT_REJECTABLE: {
    status: 'conflict',
    zh: '只有群众上报的事项可以核查不实',
    en: "Only a resident's report can be rejected as untrue",
  },
});
