import { createHash } from 'node:crypto';
import { caseStepDescription, SEVERITIES, type CategoryView, type CreateCaseInput, type ServiceRequestView } from '@fengqiao/contracts';
import { expectedDue, kindModule, OPEN311_KINDS } from '@fengqiao/rules';
import { chinaDate } from '@fengqiao/calendar';

/**
 * GeoReport v2 (docs/open311.md) in the platform's terms: a service is a category, a service
 * request is a case of an Open311 kind (OPEN311_KINDS), its id the case number. Pure functions: the
 * controller asks intake and answers with these.
 */

/** A 400/403/404 in Open311's error format, described zh-CN first, English second. */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly descriptions: string[],
    readonly retryAfter?: number,
  ) {
    super(descriptions.join('; '));
  }
}

export const bad = (zh: string, en: string) => new Open311Error(400, [`${zh} / ${en}`]);
export const notFound = (zh: string, en: string) => new Open311Error(404, [`${zh} / ${en}`]);

const SEVERITY_NAMES: Record<(typeof SEVERITIES)[number], string> = {
  ordinary: '一般 / Ordinary',
  difficult: '疑难 / Difficult',
  major: '重大 / Major',
};

const WARNING_NAMES: Record<string, string> = { green: '绿色 / Green', yellow: '黄色 / Yellow', red: '红色 / Red' };

/** The default kind of a report that names none. */
export const DEFAULT_KIND = 'complaint';

// ---- services -------------------------------------------------------------------------------

export function toService(c: CategoryView) {
  return {
    service_code: c.code,
    service_name: c.name,
    description: `${c.name} / ${c.nameEn}`,
    metadata: true,
    type: 'realtime',
    keywords: [c.name, c.nameEn, c.code].join(', '),
    group: '',
  };
}

const kindLabel = (k: string) => {
  const m = kindModule(k);
  return m ? `${m.label.zh} / ${m.label.en}` : k;
};

/** The attributes every service takes (the case's own fields beyond GeoReport's standard ones). */
export function serviceDefinition(c: CategoryView) {
  return {
    service_code: c.code,
    attributes: [
      {
        variable: true,
        code: 'kind',
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: '',
        order: 1,
        description: `案件类型（不填为投诉） / Case kind (${DEFAULT_KIND} when not given)`,
        values: OPEN311_KINDS.map((k) => ({ key: k, name: kindLabel(k) })),
      },
      {
        variable: true,
        code: 'severity',
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: '',
        order: 2,
        description: '严重程度（不填为一般） / Severity (ordinary when not given)',
        values: SEVERITIES.map((s) => ({ key: s, name: SEVERITY_NAMES[s] })),
      },
      {
        variable: true,
        code: 'title',
        datatype: 'string',
        required: false,
        datatype_description: '1–200 个字符；不填取描述的开头 / 1–200 characters; the start of the description when not given',
        order: 3,
        description: '标题 / Title',
      },
      {
        variable: true,
        code: 'occurred_at',
        datatype: 'datetime',
        required: false,
        datatype_description: '带时区的 ISO 8601 时间 / ISO 8601 with an offset',
        order: 4,
        description: '发生时间 / When it happened',
      },
      {
        variable: true,
        code: 'grid_code',
        datatype: 'string',
        required: false,
        datatype_description: '网格编码，如 621102101201-03 / a grid code, e.g. 621102101201-03',
        order: 5,
        description: '所在网格 / The grid it lies in',
      },
    ],
  };
}

// ---- POST requests ----------------------------------------------------------------------------

export type Params = Record<string, unknown>;

/** One text parameter: absent, or a string (a repeated parameter is refused). */
export function param(p: Params, name: string, max: number): string | undefined {
  const v = p[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw bad(`参数 ${name} 只能出现一次`, `${name} must be given once`);
  if (v.includes('\u0000')) throw bad(`参数 ${name} 不能包含空字符`, `${name} must not contain U+0000`);
  const t = v.trim();
  if (t.length > max) throw bad(`参数 ${name} 不能超过 ${max} 个字符`, `${name} must be at most ${max} characters`);
  return t || undefined;
}

function coordinate(p: Params, name: 'lat' | 'long', limit: number): number | undefined {
  const v = param(p, name, 40);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^-?\d+(\.\d+)?$/.test(v) || !Number.isFinite(n) || Math.abs(n) > limit)
    throw bad(`${name} 应为 -${limit} 到 ${limit} 之间的数字`, `${name} must be a number from -${limit} to ${limit}`);
  return n;
}

/** The attribute[code] parameters, checked against the service definition. */
function attributes(p: Params): Record<string, string> {
  const out: Record<string, string> = {};
  const known = new Set(['kind', 'severity', 'title', 'occurred_at', 'grid_code']);
  for (const key of Object.keys(p)) {
    const m = /^attribute\[([^\]]*)\]$/.exec(key);
    if (!m) continue;
    if (!known.has(m[1]!)) throw bad(`未知的属性 ${m[1]}`, `unknown attribute ${m[1]} (see the service definition)`);
    const v = param(p, key, m[1] === 'title' ? 200 : 100);
    if (v !== undefined) out[m[1]!] = v;
  }
  return out;
}

/**
 * The case a POST requests registers, from GeoReport's parameters. `email`, `device_id` and
 * `account_id` are not stored (docs/open311.md); the name and phone become the applicant.
 */
export function caseFromRequest(p: Params, service: CategoryView, orgUnit: string): CreateCaseInput {
  const lat = coordinate(p, 'lat', 90);
  const lng = coordinate(p, 'long', 180);
  if ((lat === undefined) !== (lng === undefined)) throw bad('lat 和 long 须同时提供', 'lat and long go together');
  const addressString = param(p, 'address_string', 500);
  const addressId = param(p, 'address_id', 100);
  if (lat === undefined && !addressString && !addressId)
    throw bad('须提供位置：lat 和 long，或 address_string，或 address_id', 'a location is required: lat and long, address_string or address_id');
  const description = param(p, 'description', 4000);
  const mediaUrl = param(p, 'media_url', 1000);
  if (mediaUrl && !/^https?:\/\/\S+$/i.test(mediaUrl)) throw bad('media_url 应为 http(s) 地址', 'media_url must be an http(s) URL');
  const email = param(p, 'email', 254);
  if (email && !/^[^@\s]+@[^@\s]+$/.test(email)) throw bad('email 格式有误', 'email is not an address');
  param(p, 'device_id', 100);
  param(p, 'account_id', 100);
  const first = param(p, 'first_name', 50);
  const last = param(p, 'last_name', 50);
  const phone = param(p, 'phone', 20);
  const attrs = attributes(p);

  const kind = attrs['kind'] ?? DEFAULT_KIND;
  if (!OPEN311_KINDS.includes(kind))
    throw bad(`attribute[kind] 取值应为 ${OPEN311_KINDS.join(' | ')}`, `attribute[kind] must be one of ${OPEN311_KINDS.join(', ')}`);
  const severity = attrs['severity'];
  if (severity !== undefined && !(SEVERITIES as readonly string[]).includes(severity))
    throw bad(`attribute[severity] 取值应为 ${SEVERITIES.join(' | ')}`, `attribute[severity] must be one of ${SEVERITIES.join(', ')}`);
  const occurredAt = attrs['occurred_at'];
  if (occurredAt !== undefined && !isInstant(occurredAt))
    throw bad('attribute[occurred_at] 应为带时区的 ISO 8601 时间', 'attribute[occurred_at] must be ISO 8601 with an offset');

  const text = [description ?? `${service.name}（经 Open311 上报）`, mediaUrl ? `附件 / media: ${mediaUrl}` : undefined].filter(Boolean).join('\n');
  const title = attrs['title'] ?? [...(description ?? service.name)].slice(0, 30).join('');
  const name = personName(first, last);
  const address = addressString ?? (addressId ? `address_id ${addressId}` : undefined);
  return {
    kind,
    category: service.code,
    ...(severity ? { severity: severity as CreateCaseInput['severity'] } : {}),
    title,
    description: text,
    channel: 'online',
    orgUnit,
    ...(occurredAt ? { occurredAt } : {}),
    location: {
      ...(address ? { address } : {}),
      ...(attrs['grid_code'] ? { gridCode: attrs['grid_code'] } : {}),
      ...(lat !== undefined ? { lat, lng } : {}),
    },
    parties: [{ role: 'applicant', name, ...(phone ? { phone } : {}) }],
  };
}

/** 姓 + 名 for Chinese names (no space), "first last" otherwise; a report without a name is anonymous. */
export function personName(first?: string, last?: string): string {
  if (!first && !last) return '匿名 / anonymous';
  const cjk = /[\u3400-\u9fff]/.test(`${first ?? ''}${last ?? ''}`);
  return cjk ? `${last ?? ''}${first ?? ''}` : [first, last].filter(Boolean).join(' ');
}

/** Intake's field paths in GeoReport's parameter names (a refusal names what the client sent). */
const PARAMETER_OF: [RegExp, string][] = [
  [/^parties\[0\]\.phone$/, 'phone'],
  [/^parties\[0\]\.name$/, 'first_name / last_name'],
  [/^title$/, 'attribute[title]'],
  [/^description$/, 'description'],
  [/^severity$/, 'attribute[severity]'],
  [/^occurredAt$/, 'attribute[occurred_at]'],
  [/^location\.gridCode$/, 'attribute[grid_code]'],
  [/^location\.lat$/, 'lat'],
  [/^location\.lng$/, 'long'],
  [/^location\.address$/, 'address_string'],
  [/^orgUnit$/, 'jurisdiction_id'],
  [/^category$/, 'service_code'],
  [/^kind$/, 'attribute[kind]'],
];
export const parameterOf = (path: string) => PARAMETER_OF.find(([re]) => re.test(path))?.[1] ?? path;

/**
 * The request's token: the client's Idempotency-Key, else the submission itself on its China date —
 * the same report sent again (a retry after a lost answer) the same day is the same request.
 */
export function requestToken(p: Params, idempotencyKey: string | undefined, now: Date): string {
  const basis = idempotencyKey
    ? `key\n${idempotencyKey}`
    : `body\n${chinaDate(now)}\n${JSON.stringify(
        Object.keys(p)
          .filter((k) => k !== 'api_key')
          .sort()
          .map((k) => [k, p[k]]),
      )}`;
  return createHash('sha256').update(basis).digest('hex').slice(0, 32);
}
export const requestKeyOf = (token: string) => `open311:${token}`;
export const isToken = (t: string) => /^[0-9a-f]{32}$/.test(t);

// ---- GET requests ---------------------------------------------------------------------------

export const isInstant = (v: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v));

const DAY_MS = 86_400_000;
/** GeoReport's bound on a date range. */
export const MAX_RANGE_DAYS = 90;

export interface RequestsFilter {
  caseNos?: string[];
  categories?: string[];
  from?: string;
  to?: string;
  open?: boolean;
}

const list = (v: string | undefined) =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** GET requests' parameters: a list of ids overrides the rest; a range spans at most 90 days (the last 90 without one). */
export function requestsFilter(p: Params, now: Date): RequestsFilter {
  const ids = list(param(p, 'service_request_id', 20_000));
  if (ids?.length) {
    if (ids.length > 1000) throw bad('service_request_id 最多 1000 个', 'at most 1000 service_request_id values');
    if (ids.some((i) => i.length > 40)) throw bad('service_request_id 有误', 'a service_request_id is too long');
    return { caseNos: ids };
  }
  const codes = list(param(p, 'service_code', 4000));
  if (codes && codes.length > 100) throw bad('service_code 最多 100 个', 'at most 100 service_code values');
  const start = param(p, 'start_date', 40);
  const end = param(p, 'end_date', 40);
  for (const [n, v] of [
    ['start_date', start],
    ['end_date', end],
  ] as const)
    if (v !== undefined && !isInstant(v)) throw bad(`${n} 应为带时区的 ISO 8601 时间`, `${n} must be ISO 8601 with a time zone`);
  const to = end ? Date.parse(end) : start ? Math.min(Date.parse(start) + MAX_RANGE_DAYS * DAY_MS, now.getTime()) : now.getTime();
  const from = start ? Date.parse(start) : to - MAX_RANGE_DAYS * DAY_MS;
  if (from > to) throw bad('start_date 不能晚于 end_date', 'start_date must not be after end_date');
  if (to - from > MAX_RANGE_DAYS * DAY_MS) throw bad(`日期范围不能超过 ${MAX_RANGE_DAYS} 天`, `the date range may not span more than ${MAX_RANGE_DAYS} days`);
  const statuses = list(param(p, 'status', 40));
  if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw bad('status 取值应为 open | closed', 'status must be open, closed or both');
  const open = statuses && new Set(statuses).size === 1 ? statuses[0] === 'open' : undefined;
  return {
    ...(codes?.length ? { categories: codes } : {}),
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    ...(open !== undefined ? { open } : {}),
  };
}

const IN_PROGRESS = '办理中 / In progress';

/**
 * What the latest step of a case tells a resident (status_notes): the event catalogue's description of
 * the step, never the staff's text; a step the catalogue does not describe says where the case stands.
 */
export function statusNotes(r: Pick<ServiceRequestView, 'status' | 'lastStep'>): string {
  const described = (r.lastStep && caseStepDescription(r.lastStep.type)) ?? (r.status === 'closed' ? caseStepDescription('closed') : undefined);
  return described ? `${described.zh} / ${described.en}` : IN_PROGRESS;
}

export function toRequest(r: ServiceRequestView, services: ReadonlyMap<string, CategoryView>, extensions: boolean) {
  const c = services.get(r.category);
  const base = {
    service_request_id: r.caseNo,
    status: r.status === 'closed' ? 'closed' : 'open',
    status_notes: statusNotes(r),
    service_name: c?.name ?? r.category,
    service_code: r.category,
    description: r.description,
    agency_responsible: r.orgUnitName.zh,
    service_notice: '',
    requested_datetime: r.createdAt,
    updated_datetime: r.updatedAt,
    expected_datetime: expectedDue(r),
    address: r.location?.address ?? '',
    address_id: '',
    zipcode: '',
    lat: r.location?.lat ?? null,
    long: r.location?.lng ?? null,
    media_url: '',
  };
  if (!extensions) return base;
  return {
    ...base,
    extended_attributes: {
      case_no: r.caseNo,
      title: r.title,
      kind: r.kind,
      kind_name: kindLabel(r.kind),
      category_name: c?.name ?? r.category,
      category_name_en: c?.nameEn ?? r.category,
      case_status: r.status,
      warning: r.warning,
      warning_name: WARNING_NAMES[r.warning] ?? r.warning,
      org_unit: r.orgUnit,
      org_unit_name: r.orgUnitName.zh,
      org_unit_name_en: r.orgUnitName.en,
      grid_code: r.location?.gridCode ?? '',
    },
  };
}
