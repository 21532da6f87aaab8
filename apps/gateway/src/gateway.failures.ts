import { defineFailures } from '@fengqiao/rules';

/** What the gateway itself answers (codes; messages zh-CN / English); the services' answers pass through. */
export const GatewayFailures = defineFailures({
  TOKEN_MISSING: { status: 'unauthorized', zh: '缺少访问令牌', en: 'Missing bearer token' },
  TOKEN_INVALID: { status: 'unauthorized', zh: '访问令牌无效或已过期', en: 'The token is invalid or expired' },
  API_KEY_MISSING: { status: 'forbidden', zh: '缺少 api_key', en: 'api_key was not provided' },
  API_KEY_INVALID: { status: 'forbidden', zh: 'api_key 无效', en: 'api_key is invalid' },
  API_KEY_UNCHECKED: { status: 'unavailable', zh: '暂时无法核验 api_key', en: 'The api_key cannot be checked for a moment', retryAfter: 2 },
  ROLE_FORBIDDEN: { status: 'forbidden', zh: '当前角色无权执行此操作', en: 'Your role may not do this' },
  CASE_INVALID: { status: 'validation', zh: '案件信息不完整或有误', en: 'The case has invalid fields' },
  BODY_INVALID: { status: 'validation', zh: '请求内容有误', en: 'The body has invalid fields' },
  NUL_CHARACTER: { status: 'validation', zh: '请求中含有空字符 U+0000', en: 'The request contains the NUL character (U+0000)' },
  QUERY_INVALID: { status: 'validation', zh: '查询参数有误', en: 'Invalid query' },
  KEY_PERSON_INVALID: { status: 'validation', zh: '重点人员信息不完整或有误', en: 'The key-person request has invalid fields' },
  IDEMPOTENCY_KEY_LENGTH: { status: 'validation', zh: 'Idempotency-Key 长度应为 1–255', en: 'must be 1–255 characters' },
  IDEMPOTENCY_KEY_REUSED: { status: 'idempotencyMismatch', zh: '同一个 Idempotency-Key 不能用于不同的请求体', en: 'The key was used with a different body' },
  IDEMPOTENCY_IN_PROGRESS: { status: 'conflict', zh: '相同请求正在处理中', en: 'The same request is still being processed' },
  IDEMPOTENCY_RETRY: { status: 'conflict', zh: '请重试', en: 'Please retry' },
  BODY_NOT_JSON: {
    status: 'malformed',
    zh: '请求体不是合法的 JSON',
    en: 'The body is not valid JSON',
    field: { path: '(body)', zh: '不是合法的 JSON', en: 'malformed JSON' },
  },
  BODY_TOO_LARGE: { status: 'tooLarge', zh: '请求体超过大小限制', en: 'The body exceeds the size limit' },
  NO_SUCH_ROUTE: { status: 'notFound', zh: '没有这个接口', en: 'No such route' },
  METHOD_NOT_ALLOWED: { status: 'methodNotAllowed', zh: '该接口只接受 {allow}', en: 'This route accepts {allow} only' },
  REPORT_NOT_FOUND: { status: 'notFound', zh: '月报不存在', en: 'No such report' },
  // A 503 may or may not have done the request: the retry with the same Idempotency-Key settles which.
  SERVICE_TIMEOUT: { status: 'unavailable', zh: '后端服务暂时无响应', en: 'The service did not answer in time', retryAfter: 1 },
  SERVICE_UNREACHABLE: { status: 'unavailable', zh: '后端服务暂不可达', en: 'The service cannot be reached', retryAfter: 2 },
  SERVICE_LOST: {
    status: 'unavailable',
    zh: '后端服务在处理请求时中断，请用同一 Idempotency-Key 重试',
    en: 'The service stopped while handling the request; retry with the same Idempotency-Key',
    retryAfter: 2,
  },
  BUS_UNAVAILABLE: { status: 'unavailable', zh: '消息总线暂不可用', en: 'The message bus is unavailable for a moment', retryAfter: 2 },
  DEPENDENCY_UNAVAILABLE: {
    status: 'unavailable',
    zh: '网关的数据库或流程引擎暂不可用',
    en: "The gateway's database or the process engine is unavailable for a moment",
    retryAfter: 2,
  },
  INTERNAL: { status: 'internal', zh: '请稍后重试', en: 'Please retry later' },
});
