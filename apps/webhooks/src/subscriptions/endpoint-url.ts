import { lookup } from 'node:dns/promises';

/**
 * Where a subscription may deliver: an `https:` URL, not to an internal address literal; plain
 * `http:` only to a loopback host (127.0.0.0/8, ::1, localhost) and only when the deployment allows
 * it for development and tests (`WEBHOOKS_ALLOW_LOOPBACK_HTTP=true`, docs/webhooks.md). No
 * credentials in the URL.
 */
export type EndpointCheck = { ok: true; url: string } | { ok: false; reason: 'not-a-url' | 'not-https' | 'credentials' | 'private-address' };

const LOOPBACK = (host: string) => host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

/**
 * An address literal no integrator's endpoint has: loopback, private (RFC 1918, fc00::/7),
 * link-local (cloud metadata at 169.254.169.254), unspecified, CGNAT. Names are not resolved here.
 */
function internalLiteral(host: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (host.startsWith('[')) {
    const h = host.slice(1, -1).toLowerCase();
    return h === '::' || h === '::1' || /^f[cd]/.test(h) || /^fe[89ab]/.test(h) || h.startsWith('::ffff:');
  }
  return host === 'localhost' || host.endsWith('.localhost');
}

export function checkEndpoint(raw: string, allowLoopbackHttp: boolean): EndpointCheck {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { ok: false, reason: 'not-a-url' };
  }
  if (u.username || u.password) return { ok: false, reason: 'credentials' };
  if (u.protocol === 'https:' && u.hostname) {
    if (internalLiteral(u.hostname) && !(allowLoopbackHttp && LOOPBACK(u.hostname))) return { ok: false, reason: 'private-address' };
    return { ok: true, url: u.toString() };
  }
  if (u.protocol === 'http:' && allowLoopbackHttp && LOOPBACK(u.hostname)) return { ok: true, url: u.toString() };
  return { ok: false, reason: u.protocol === 'http:' || u.protocol === 'https:' ? 'not-https' : 'not-a-url' };
}

/** All the addresses a host name resolves to (`node:dns` lookup, as the delivery's connection would). */
export type ResolveAll = (hostname: string) => Promise<string[]>;
export const resolveAll: ResolveAll = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** The first of the addresses no delivery may connect to (loopback allowed only under `WEBHOOKS_ALLOW_LOOPBACK_HTTP`). */
export function firstInward(addresses: readonly string[], allowLoopbackHttp: boolean): string | undefined {
  return addresses.find((a) => {
    const literal = a.includes(':') ? `[${a}]` : a;
    return internalLiteral(literal) && !(allowLoopbackHttp && LOOPBACK(literal));
  });
}

/** An address literal (IPv4, or IPv6 with or without its brackets): connected to without any lookup. */
export const isAddressLiteral = (hostname: string): boolean => /^[\d.]+$/.test(hostname) || hostname.includes(':');

/**
 * At each delivery, not only at subscription: a name accepted once can be pointed at an internal
 * address later. Answers the internal address the host resolves to (loopback allowed only under
 * `WEBHOOKS_ALLOW_LOOPBACK_HTTP`), or undefined when every address is public. The delivery itself
 * connects only to the addresses this one lookup checked (delivery/pinned-post.ts).
 */
export async function resolvesInward(hostname: string, allowLoopbackHttp: boolean, resolve: ResolveAll = resolveAll): Promise<string | undefined> {
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  return firstInward(isAddressLiteral(host) ? [host] : await resolve(host), allowLoopbackHttp);
}
