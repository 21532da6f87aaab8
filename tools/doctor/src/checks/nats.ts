import { fail, ok, warn, type Finding } from '../finding';

/** The oldest nats-server this project is tested with (JetStream strict mode, per-stream sync). */
export const MIN_NATS_VERSION = '2.10.0';

export interface NatsFacts {
  version: string;
  authRequired: boolean;
  syncAlways: boolean;
  syncIntervalNs: number | undefined;
  clusterSize: number;
  /** The events stream's replicas, or undefined when the stream does not exist. */
  eventStreams: Array<{ name: string; replicas: number }>;
}

const parts = (v: string) =>
  v
    .replace(/^v/, '')
    .split(/[.-]/)
    .slice(0, 3)
    .map((x) => Number.parseInt(x, 10) || 0);
export function versionAtLeast(v: string, min: string): boolean {
  const [a, b] = [parts(v), parts(min)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return true;
}

/** What the project needs of NATS (docs/deploy-docker.md): a supported version, fsync on every write, replicas to match the cluster, no anonymous access. */
export function judgeNats(f: NatsFacts, production: boolean): Finding[] {
  const out: Finding[] = [];
  out.push(
    versionAtLeast(f.version, MIN_NATS_VERSION)
      ? ok('nats', 'version', `nats-server ${f.version}`)
      : fail('nats', 'version', `nats-server ${f.version} is older than ${MIN_NATS_VERSION}: upgrade it`),
  );
  out.push(
    f.syncAlways
      ? ok('nats', 'sync_interval', 'always: every JetStream write is on disk before it is acknowledged')
      : fail(
          'nats',
          'sync_interval',
          `every ${Math.round((f.syncIntervalNs ?? 120e9) / 1e9)} s: an acknowledged event can be lost in a power cut; set jetstream { sync_interval: always }`,
        ),
  );
  if (!f.eventStreams.length) out.push(fail('nats', 'events stream', 'no FQ_EVENTS stream: start the services once (they create it)'));
  const want = f.clusterSize >= 3 ? 3 : 1;
  for (const s of f.eventStreams) {
    if (s.replicas >= want) out.push(ok('nats', `stream ${s.name}`, `${s.replicas} replica(s) on a ${f.clusterSize}-node cluster`));
    else
      out.push(fail('nats', `stream ${s.name}`, `${s.replicas} replica(s) on a ${f.clusterSize}-node cluster: set num_replicas to ${want} (nats stream edit)`));
  }
  if (f.authRequired) out.push(ok('nats', 'authentication', 'clients must log in'));
  else
    out.push(
      (production ? fail : warn)(
        'nats',
        'authentication',
        'anyone who reaches the port may publish and read every event: configure accounts with a user per service',
      ),
    );
  return out;
}

interface Varz {
  version: string;
  auth_required?: boolean;
  cluster?: { urls?: string[] };
  jetstream?: { config?: { sync_interval?: number; sync_always?: boolean } };
}
interface Jsz {
  account_details?: Array<{ stream_detail?: Array<{ name: string; config?: { num_replicas?: number } }> }>;
}

export async function natsFacts(monitorUrl: string, streamName: string): Promise<NatsFacts> {
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${monitorUrl.replace(/\/$/, '')}${path}`, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`${path} answered ${res.status}`);
    return (await res.json()) as T;
  };
  const [varz, jsz] = await Promise.all([get<Varz>('/varz'), get<Jsz>('/jsz?streams=true&config=true')]);
  const streams = (jsz.account_details ?? []).flatMap((a) => a.stream_detail ?? []).filter((s) => s.name === streamName);
  return {
    version: varz.version,
    authRequired: Boolean(varz.auth_required),
    syncAlways: Boolean(varz.jetstream?.config?.sync_always),
    syncIntervalNs: varz.jetstream?.config?.sync_interval,
    clusterSize: 1 + (varz.cluster?.urls?.length ?? 0),
    eventStreams: streams.map((s) => ({ name: s.name, replicas: s.config?.num_replicas ?? 1 })),
  };
}
