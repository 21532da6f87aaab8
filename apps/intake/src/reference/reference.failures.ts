import { defineFailures } from '@fengqiao/rules';

/** What intake answers about the org tree (codes; messages zh-CN / English). */
export const ReferenceFailures = defineFailures({
  ORG_TREE_FORBIDDEN: { status: 'forbidden', zh: '只有管理员可以维护组织机构', en: 'Only an admin may change the org tree' },
  ORG_TREE_INVALID: { status: 'validation', zh: '组织机构数据有误', en: 'The org units have invalid fields' },
  ORG_UNIT_NOT_FOUND: { status: 'notFound', zh: '单位 {code} 不存在', en: 'No org unit {code}' },
  GRID_WORKER_NOT_FOUND: { status: 'notFound', zh: '网格员不存在', en: 'No such grid worker' },
  GRID_WORKER_UNMASK_INVALID: { status: 'validation', zh: '请说明查看原因', en: 'Give a reason' },
  GRID_WORKER_UNMASK_FORBIDDEN: { status: 'forbidden', zh: '当前角色无权查看网格员完整电话', en: "Your role may not see a grid worker's full phone" },
  ORG_UNITS_MOVED: {
    status: 'conflict',
    zh: '单位 {units} 已存在，不能通过接口改变其上级或层级',
    en: '{units} exist already; their parent or level cannot change through the API (their cases are filed under their place in the tree)',
  },
});
