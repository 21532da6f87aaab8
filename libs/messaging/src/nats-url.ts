import type { ConnectionOptions } from 'nats';

/**
 * NATS_URL as the deployments write it: one or more comma-separated `nats://[user:password@]host:port`
 * URLs (a cluster lists its nodes). nats.js 2.x drops the user and password of a server URL, so they are
 * taken out here and passed as `user`/`pass`; every URL that carries them must carry the same pair.
 */
export function natsServerOptions(natsUrl: string): Pick<ConnectionOptions, 'servers' | 'user' | 'pass'> {
  const servers: string[] = [];
  let credentials: { user: string; pass: string } | undefined;
  for (const entry of natsUrl
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = /^([a-z]+:\/\/)?(?:([^:@/]*)(?::([^@/]*))?@)?(.+)$/i.exec(entry);
    if (!match) throw new Error(`NATS_URL entry "${entry}" is not a server address`);
    const [, scheme = '', user, pass, hostPort] = match;
    servers.push(`${scheme}${hostPort}`);
    if (user === undefined) continue;
    const found = { user: decodeURIComponent(user), pass: decodeURIComponent(pass ?? '') };
    if (credentials && (credentials.user !== found.user || credentials.pass !== found.pass)) {
      throw new Error('NATS_URL: the servers carry different users or passwords');
    }
    credentials = found;
  }
  if (servers.length === 0) throw new Error('NATS_URL is empty');
  return credentials ? { servers, ...credentials } : { servers };
}

/** How many copies of FQ_EVENTS a clustered NATS keeps (NATS_STREAM_REPLICAS: 1, 3 or 5; default 1, a single server). */
export function streamReplicas(env: Record<string, string | undefined> = process.env): number {
  const raw = env['NATS_STREAM_REPLICAS']?.trim();
  if (!raw) return 1;
  const n = Number(raw);
  if (![1, 3, 5].includes(n)) throw new Error(`NATS_STREAM_REPLICAS is "${raw}": expected 1, 3 or 5`);
  return n;
}
