import { defineFailures } from '@fengqiao/rules';

/** The webhooks service's answers (problem+json, zh-CN / English). */
export const WebhookFailures = defineFailures({
  INVALID_REQUEST: { status: 'validation', zh: '请求内容有误', en: 'The request has invalid fields' },
  NOT_HTTPS: {
    status: 'validation',
    zh: '回调地址须为 https 地址',
    en: 'The endpoint must be an https URL',
    field: { path: 'url', zh: '须为 https 地址', en: 'must be an https URL' },
  },
  URL_CREDENTIALS: {
    status: 'validation',
    zh: '回调地址不得包含用户名或密码',
    en: 'The endpoint URL must not carry a user name or password',
    field: { path: 'url', zh: '不得包含用户名或密码', en: 'no user name or password' },
  },
  PRIVATE_ADDRESS: {
    status: 'validation',
    zh: '回调地址不得指向内部网络地址',
    en: 'The endpoint must not be an internal network address',
    field: { path: 'url', zh: '不得为内网、回环或链路本地地址', en: 'no private, loopback or link-local address' },
  },
  UNKNOWN_EVENT_TYPE: {
    status: 'validation',
    zh: '不可订阅的事件类型：{types}',
    en: 'Event types that cannot be subscribed to: {types}',
    field: { path: 'eventTypes', zh: '事件目录中没有或不可订阅', en: 'not in the event catalogue or not subscribable' },
  },
  NO_ORG_UNIT: { status: 'forbidden', zh: '账号未关联单位', en: 'Your account belongs to no org unit' },
  OUTSIDE_JURISDICTION: {
    status: 'forbidden',
    zh: '该单位不在您的辖区内',
    en: 'The org unit is outside your jurisdiction',
    field: { path: 'orgUnit', zh: '超出辖区', en: 'outside your jurisdiction' },
  },
  SUBSCRIPTION_NOT_FOUND: { status: 'notFound', zh: '订阅不存在', en: 'No such subscription' },
  DELIVERY_NOT_FOUND: { status: 'notFound', zh: '投递记录不存在', en: 'No such delivery' },
  SUBSCRIPTION_PAUSED: { status: 'conflict', zh: '订阅已暂停，请先恢复', en: 'The subscription is paused: resume it first' },
  NOT_PAUSED: { status: 'conflict', zh: '订阅未暂停', en: 'The subscription is not paused' },
});
