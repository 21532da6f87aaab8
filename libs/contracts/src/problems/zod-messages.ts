import { z, ZodIssueCode, type ZodErrorMap, type ZodInvalidUnionIssue, type ZodIssueOptionalMessage } from 'zod';
import { formatPath } from './zod-errors';

/** zod's parsed type names in Chinese, for "expected X, received Y". */
const TYPE_ZH: Record<string, string> = {
  string: '文本',
  number: '数字',
  integer: '整数',
  float: '小数',
  nan: '非数字',
  boolean: '布尔值',
  date: '日期',
  bigint: '整数',
  symbol: '符号',
  function: '函数',
  undefined: '空',
  null: '空值',
  array: '数组',
  object: '对象',
  unknown: '未知类型',
  promise: 'Promise',
  void: '空',
  never: '无',
  map: '映射',
  set: '集合',
};

const zhType = (t: string) => TYPE_ZH[t] ?? t;

/** invalid_string's named formats (z.string().email(), .uuid(), .datetime() ...). */
const FORMAT: Record<string, [zh: string, en: string]> = {
  email: ['电子邮件地址', 'an email address'],
  url: ['网址', 'a URL'],
  emoji: ['表情符号', 'an emoji'],
  uuid: ['UUID', 'a UUID'],
  nanoid: ['nanoid', 'a nanoid'],
  cuid: ['cuid', 'a cuid'],
  cuid2: ['cuid2', 'a cuid2'],
  ulid: ['ULID', 'a ULID'],
  datetime: ['ISO 8601 时间', 'an ISO 8601 date-time'],
  date: ['日期（YYYY-MM-DD）', 'a date (YYYY-MM-DD)'],
  time: ['时间（HH:MM:SS）', 'a time (HH:MM:SS)'],
  duration: ['ISO 8601 时长', 'an ISO 8601 duration'],
  ip: ['IP 地址', 'an IP address'],
  cidr: ['CIDR 网段', 'a CIDR range'],
  base64: ['Base64 文本', 'base64 text'],
  base64url: ['Base64URL 文本', 'base64url text'],
  jwt: ['JWT', 'a JWT'],
};

const list = (values: ReadonlyArray<unknown>, sep: string) => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(sep);
const at = (d: bigint | number) => new Date(Number(d)).toISOString();

/**
 * A union fails as a whole; when only one of its branches fits the value's type (`'nope'` for
 * `department | { department, orgUnit }`), that branch's own message says more than "invalid".
 */
function unionMessage(issue: ZodInvalidUnionIssue): string | undefined {
  const depth = issue.path.length;
  const wrongType = (e: z.ZodError) => e.issues.length === 1 && e.issues[0].code === ZodIssueCode.invalid_type && e.issues[0].path.length === depth;
  const fitting = issue.unionErrors.filter((e) => !wrongType(e));
  if (fitting.length !== 1 || !fitting[0].issues.length) return undefined;
  const first = fitting[0].issues[0];
  const below = formatPath(first.path.slice(depth));
  return below ? `${below}: ${first.message}` : first.message;
}

function bilingual(issue: ZodIssueOptionalMessage): [zh: string, en: string] | string | undefined {
  switch (issue.code) {
    case ZodIssueCode.invalid_type:
      if (issue.received === 'undefined') return ['必填', 'required'];
      if (issue.received === 'nan') return [`应为${zhType(issue.expected)}`, `must be a ${issue.expected}`];
      return [`应为${zhType(issue.expected)}，实际为${zhType(issue.received)}`, `expected ${issue.expected}, received ${issue.received}`];
    case ZodIssueCode.invalid_literal:
      return [`取值应为 ${JSON.stringify(issue.expected)}`, `must be ${JSON.stringify(issue.expected)}`];
    case ZodIssueCode.unrecognized_keys:
      return [`不允许的字段：${issue.keys.join(', ')}`, `unknown field(s): ${issue.keys.join(', ')}`];
    case ZodIssueCode.invalid_union:
      return unionMessage(issue) ?? ['不符合任何允许的格式', 'does not match any allowed form'];
    case ZodIssueCode.invalid_union_discriminator:
      return [`取值应为 ${list(issue.options, ' | ')}`, `must be one of ${list(issue.options, ', ')}`];
    case ZodIssueCode.invalid_enum_value:
      return [
        `取值应为 ${list(issue.options, ' | ')}，收到 '${String(issue.received)}'`,
        `must be one of ${list(issue.options, ', ')}, received '${String(issue.received)}'`,
      ];
    case ZodIssueCode.invalid_arguments:
      return ['函数参数不合法', 'invalid function arguments'];
    case ZodIssueCode.invalid_return_type:
      return ['函数返回值不合法', 'invalid function return type'];
    case ZodIssueCode.invalid_date:
      return ['日期无效', 'invalid date'];
    case ZodIssueCode.invalid_string: {
      const v = issue.validation;
      if (typeof v === 'object') {
        if ('includes' in v) return [`应包含 "${v.includes}"`, `must include "${v.includes}"`];
        if ('startsWith' in v) return [`应以 "${v.startsWith}" 开头`, `must start with "${v.startsWith}"`];
        return [`应以 "${v.endsWith}" 结尾`, `must end with "${v.endsWith}"`];
      }
      if (v === 'regex') return ['格式不正确', 'invalid format'];
      const [zh, en] = FORMAT[v] ?? [v, v];
      return [`应为${zh}`, `must be ${en}`];
    }
    case ZodIssueCode.too_small: {
      const n = issue.minimum;
      switch (issue.type) {
        case 'string':
          if (issue.exact) return [`应为 ${n} 个字符`, `must be exactly ${n} characters`];
          if (n === 1 && issue.inclusive) return ['不能为空', 'must not be empty'];
          return issue.inclusive ? [`至少 ${n} 个字符`, `must be at least ${n} characters`] : [`应多于 ${n} 个字符`, `must be longer than ${n} characters`];
        case 'array':
        case 'set':
          if (issue.exact) return [`应恰好包含 ${n} 项`, `must contain exactly ${n} item(s)`];
          return issue.inclusive ? [`至少需要 ${n} 项`, `must contain at least ${n} item(s)`] : [`应多于 ${n} 项`, `must contain more than ${n} item(s)`];
        case 'number':
        case 'bigint':
          if (issue.exact) return [`应等于 ${n}`, `must equal ${n}`];
          return issue.inclusive ? [`不能小于 ${n}`, `must be at least ${n}`] : [`应大于 ${n}`, `must be greater than ${n}`];
        case 'date':
          return issue.inclusive ? [`不能早于 ${at(n)}`, `must not be before ${at(n)}`] : [`应晚于 ${at(n)}`, `must be after ${at(n)}`];
        default:
          return ['输入不合法', 'invalid input'];
      }
    }
    case ZodIssueCode.too_big: {
      const n = issue.maximum;
      switch (issue.type) {
        case 'string':
          if (issue.exact) return [`应为 ${n} 个字符`, `must be exactly ${n} characters`];
          return issue.inclusive ? [`不能超过 ${n} 个字符`, `must be at most ${n} characters`] : [`应少于 ${n} 个字符`, `must be shorter than ${n} characters`];
        case 'array':
        case 'set':
          if (issue.exact) return [`应恰好包含 ${n} 项`, `must contain exactly ${n} item(s)`];
          return issue.inclusive ? [`最多 ${n} 项`, `must contain at most ${n} item(s)`] : [`应少于 ${n} 项`, `must contain fewer than ${n} item(s)`];
        case 'number':
        case 'bigint':
          if (issue.exact) return [`应等于 ${n}`, `must equal ${n}`];
          return issue.inclusive ? [`不能大于 ${n}`, `must be at most ${n}`] : [`应小于 ${n}`, `must be less than ${n}`];
        case 'date':
          return issue.inclusive ? [`不能晚于 ${at(n)}`, `must not be after ${at(n)}`] : [`应早于 ${at(n)}`, `must be before ${at(n)}`];
        default:
          return ['输入不合法', 'invalid input'];
      }
    }
    case ZodIssueCode.custom:
      return ['输入不合法', 'invalid input'];
    case ZodIssueCode.invalid_intersection_types:
      return ['无法同时满足所有条件', 'the parts of an intersection do not agree'];
    case ZodIssueCode.not_multiple_of:
      return [`应为 ${issue.multipleOf} 的倍数`, `must be a multiple of ${issue.multipleOf}`];
    case ZodIssueCode.not_finite:
      return ['应为有限数字', 'must be a finite number'];
    default:
      return undefined;
  }
}

/**
 * Every zod message in the product's form, "中文 / English". Messages a schema spells out
 * itself (`.max(n, '...')`, `required_error`, an enum's errorMap) still win: zod applies a
 * schema's own message after this map.
 */
export const bilingualErrorMap: ZodErrorMap = (issue, ctx) => {
  const m = bilingual(issue);
  if (typeof m === 'string') return { message: m };
  return { message: m ? `${m[0]} / ${m[1]}` : ctx.defaultError };
};

// Installed when contracts is first imported, so every process that validates with these
// schemas (the services, the console, the workflow sandbox's own copy of zod) speaks both.
z.setErrorMap(bilingualErrorMap);
