import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { firstInward, isAddressLiteral, resolveAll, type ResolveAll } from '../subscriptions/endpoint-url';

/** The attempt's error when the host resolves inward (the address itself is not shown: the attempt log is the integrator's). */
export const INWARD_REFUSAL = 'refused: the host resolves to an internal address';

class InwardAddress extends Error {
  readonly code = 'EINWARD';
}

/**
 * The connection's own lookup: the host name resolved once, every address checked, and the socket
 * given exactly those addresses, so a name cannot answer public to the check and internal to the
 * connection (DNS rebinding). Host header, TLS SNI and the certificate check still use the name.
 */
export function checkedLookup(allowLoopbackHttp: boolean, resolve: ResolveAll = resolveAll): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((addresses) => {
        if (!addresses.length) throw Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' });
        if (firstInward(addresses, allowLoopbackHttp)) throw new InwardAddress(INWARD_REFUSAL);
        const all = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
        if (options.all) callback(null, all);
        else callback(null, all[0]!.address, all[0]!.family);
      })
      .catch((e: NodeJS.ErrnoException) => callback(e, '', 0));
  };
}

export interface PostOutcome {
  status: number | null;
  error: string | null;
}

/**
 * One attempt at the receiver: a fresh connection (no pooled socket from an earlier lookup) to an
 * address `checkedLookup` approved, the whole exchange bounded by `timeoutMs`, no redirect followed.
 * Its status (null when none came) and error.
 */
export function pinnedPost(
  url: string,
  body: string,
  headers: Record<string, string>,
  o: { timeoutMs: number; allowLoopbackHttp: boolean; resolve?: ResolveAll },
): Promise<PostOutcome> {
  const u = new URL(url);
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  if (isAddressLiteral(host) && firstInward([host], o.allowLoopbackHttp)) return Promise.resolve({ status: null, error: INWARD_REFUSAL });
  const options: RequestOptions = {
    method: 'POST',
    hostname: host,
    port: u.port || undefined,
    path: `${u.pathname}${u.search}`,
    headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    agent: false,
    lookup: checkedLookup(o.allowLoopbackHttp, o.resolve),
  };
  return new Promise((resolve) => {
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(options, (res) => {
      res.resume();
      res.on('end', () => finish({ status: res.statusCode ?? null, error: ok(res.statusCode) ? null : `HTTP ${res.statusCode}` }));
      res.on('error', () => finish({ status: res.statusCode ?? null, error: ok(res.statusCode) ? null : `HTTP ${res.statusCode}` }));
    });
    const timer = setTimeout(() => {
      finish({ status: null, error: `timeout after ${o.timeoutMs} ms` });
      req.destroy();
    }, o.timeoutMs);
    let done = false;
    function finish(r: PostOutcome) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(r);
    }
    req.on('error', (e: NodeJS.ErrnoException) =>
      finish({ status: null, error: e instanceof InwardAddress ? INWARD_REFUSAL : (e.code ?? String(e)).slice(0, 200) }),
    );
    req.end(body);
  });
}

const ok = (status: number | undefined) => status !== undefined && status >= 200 && status < 300;
