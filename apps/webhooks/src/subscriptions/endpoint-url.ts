/**
 * Where a subscription may deliver: an `https:` URL; plain `http:` only to a loopback host
 * (127.0.0.0/8, ::1, localhost) and only when the deployment allows it for development and tests
 * (`WEBHOOKS_ALLOW_LOOPBACK_HTTP=true`, docs/webhooks.md). No credentials in the URL.
 */
export type EndpointCheck = { ok: true; url: string } | { ok: false; reason: 'not-a-url' | 'not-https' | 'credentials' };

const LOOPBACK = (host: string) => host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

export function checkEndpoint(raw: string, allowLoopbackHttp: boolean): EndpointCheck {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { ok: false, reason: 'not-a-url' };
  }
  if (u.username || u.password) return { ok: false, reason: 'credentials' };
  if (u.protocol === 'https:' && u.hostname) return { ok: true, url: u.toString() };
  if (u.protocol === 'http:' && allowLoopbackHttp && LOOPBACK(u.hostname)) return { ok: true, url: u.toString() };
  return { ok: false, reason: u.protocol === 'http:' || u.protocol === 'https:' ? 'not-https' : 'not-a-url' };
}
