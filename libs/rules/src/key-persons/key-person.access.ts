import { Roles, hasAnyRole, type Role } from '../roles';
import { mayActOnUnit, type JurisdictionCaller, type UnitRef } from '../jurisdiction';
import { defineFailures } from '../failures';

/**
 * Need-to-know on the key-person register (PIPL Art. 28): a record is opened only by the person's
 * responsible persons, and by key-person officers and leaders whose jurisdiction holds the person's
 * unit. Admins run the platform; they read no record (they see counts, like everyone else).
 */

/** Keep the register: add, assess, change risk, assign responsible persons, request removal. */
export const KEY_PERSON_OFFICER_ROLES: readonly Role[] = [Roles.keyPersonOfficer, Roles.leader];
/** Decide: approve an assessment, a removal, a bulk export; declare a special period. */
export const KEY_PERSON_DECIDER_ROLES: readonly Role[] = [Roles.leader];
/** Read the masked register of their jurisdiction. */
export const KEY_PERSON_REGISTER_READER_ROLES: readonly Role[] = [Roles.keyPersonOfficer, Roles.leader];
/** Staff who may stand responsible for a person (包保) and so hold a task list; the assignment decides whose. */
export const KEY_PERSON_RESPONSIBLE_STAFF_ROLES: readonly Role[] = [
  Roles.gridWorker,
  Roles.clerk,
  Roles.deptOfficer,
  Roles.mediator,
  Roles.keyPersonOfficer,
  Roles.leader,
];
/** Every role that reaches a key-person route at all (the gateway's first check; need-to-know comes after). */
export const KEY_PERSON_ROUTE_ROLES: readonly Role[] = [...new Set([...KEY_PERSON_OFFICER_ROLES, ...KEY_PERSON_RESPONSIBLE_STAFF_ROLES])];
/** Counts of the register and the board tile: no person in them. */
export const KEY_PERSON_STATS_ROLES: readonly Role[] = [Roles.keyPersonOfficer, Roles.leader, Roles.admin];

export interface KeyPersonAccessRecord {
  unit: UnitRef;
  responsibleUsernames: readonly string[];
}

export type KeyPersonCaller = JurisdictionCaller & { username: string };

/** Is the caller one of the person's responsible persons? */
export const isResponsibleFor = (caller: Pick<KeyPersonCaller, 'username'>, record: Pick<KeyPersonAccessRecord, 'responsibleUsernames'>): boolean =>
  record.responsibleUsernames.includes(caller.username);

/** May the caller open this record (with a purpose)? Responsible persons always; officers and leaders within their jurisdiction. */
export function mayOpenKeyPerson(caller: KeyPersonCaller, record: KeyPersonAccessRecord): boolean {
  if (isResponsibleFor(caller, record)) return true;
  if (!hasAnyRole(caller, KEY_PERSON_REGISTER_READER_ROLES)) return false;
  // An admin's everywhere-reach is for running the platform, not for reading this register.
  if (!caller.orgUnit) return false;
  return mayActOnUnit({ ...caller, roles: caller.roles.filter((r) => r !== Roles.admin) }, record.unit);
}

/** May the caller keep this record (officer work) — a key-person officer or leader in jurisdiction? */
export function mayKeepKeyPerson(caller: KeyPersonCaller, record: Pick<KeyPersonAccessRecord, 'unit'>): boolean {
  return hasAnyRole(caller, KEY_PERSON_OFFICER_ROLES) && mayOpenKeyPerson(caller, { ...record, responsibleUsernames: [] });
}

/** May the caller decide (approve) on this record or unit — a leader in jurisdiction? */
export function mayDecideKeyPerson(caller: KeyPersonCaller, record: Pick<KeyPersonAccessRecord, 'unit'>): boolean {
  return hasAnyRole(caller, KEY_PERSON_DECIDER_ROLES) && mayOpenKeyPerson(caller, { ...record, responsibleUsernames: [] });
}

/** May the caller record a contact or a daily report — a responsible person, or an officer in jurisdiction? */
export function mayReportOnKeyPerson(caller: KeyPersonCaller, record: KeyPersonAccessRecord): boolean {
  return isResponsibleFor(caller, record) || mayKeepKeyPerson(caller, record);
}

/** The register's answers, the same from the service and the gateway. */
export const KeyPersonFailures = defineFailures({
  KEY_PERSON_NOT_FOUND: { status: 'notFound', zh: '重点人员档案不存在或无权查看', en: 'No such key-person record, or it is not yours to see' },
  PURPOSE_REQUIRED: {
    status: 'validation',
    zh: '打开重点人员档案须说明用途',
    en: 'Opening a key-person record needs a stated purpose',
    field: { path: 'purpose', zh: '请说明用途（至少 2 个字）', en: 'state a purpose (2 characters or more)' },
  },
  CONTACT_IN_FUTURE: {
    status: 'validation',
    zh: '走访时间不能晚于现在',
    en: 'A contact cannot be dated in the future',
    field: { path: 'at', zh: '时间晚于当前时间', en: 'the time is later than now' },
  },
  UNKNOWN_CATEGORY: {
    status: 'validation',
    zh: '未知的人员类别：{category}',
    en: 'Unknown key-person category: {category}',
    field: { path: 'category', zh: '未知类别', en: 'unknown category' },
  },
  ASSESSMENT_INCOMPLETE: { status: 'validation', zh: '评估表填写不完整或有误', en: 'The assessment form is incomplete or wrong' },
  NOT_ACTIVE: { status: 'conflict', zh: '该人员已不在列管状态', en: 'The person is no longer on the active register' },
  ALREADY_DECIDED: { status: 'conflict', zh: '该申请已有决定', en: 'This request has already been decided' },
  REMOVAL_PENDING: { status: 'conflict', zh: '已提出撤销列管申请，等待审批', en: 'Removal from the register is already awaiting approval' },
  NO_SPECIAL_PERIOD_DAY: { status: 'validation', zh: '该日期不在特殊时期内', en: 'The day is not within the special period' },
  SELF_APPROVAL: { status: 'forbidden', zh: '不能审批自己提出的申请', en: 'You cannot approve your own request' },
  EXPORT_NOT_APPROVED: { status: 'conflict', zh: '批量导出须经领导批准', en: 'A bulk export needs a leader’s approval first' },
  EXPORT_ALREADY_FETCHED: { status: 'conflict', zh: '该导出文件已下载，不能重复下载', en: 'This export has already been downloaded' },
  DUPLICATE_PERSON: { status: 'conflict', zh: '该身份证号已在重点人员名册中', en: 'A person with this ID number is already on the register' },
});
