import { setTimeout as sleep } from 'node:timers/promises';

/** What retrying clients saw (the chaos run, the cluster test): every HTTP status and every dropped connection, for the report. */
export class Tally {
  readonly statuses = new Map<number, number>();
  dropped = 0;
  /** A 5xx that is not 503: the product failed, not the infrastructure (must stay 0). */
  get serverErrors(): number {
    return [...this.statuses].filter(([s]) => s >= 500 && s !== 503).reduce((n, [, c]) => n + c, 0);
  }
  count(status: number | undefined): void {
    if (status === undefined) this.dropped++;
    else this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }
  summary(): string {
    const parts = [...this.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    return `${parts.join(', ')}${this.dropped ? `, dropped connection×${this.dropped}` : ''}`;
  }
}

/** Answers a client retries: the infrastructure or the first attempt is not there yet. */
export const retryable = (status: number | undefined) => status === undefined || status === 503 || status === 409 || status === 502 || status === 504;

/**
 * A POST as a real client sends it: the same Idempotency-Key on every attempt, retrying dropped
 * connections, 503 (after Retry-After, capped) and 409 "still being processed" with backoff, until
 * `want` or `deadline`.
 */
export async function postWithRetries(
  url: () => string,
  path: string,
  o: { token: () => Promise<string>; key: string; body: unknown; want: number; deadline: number; tally: Tally },
): Promise<{ status: number; body: unknown; attempts: number } | undefined> {
  for (let attempt = 1; Date.now() < o.deadline; attempt++) {
    // Keycloak is not among what is killed, but a refused or failed refresh is retried like the rest.
    const token = await o.token().catch(() => undefined);
    const res = !token
      ? undefined
      : await fetch(`${url()}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': o.key },
          body: JSON.stringify(o.body),
          signal: AbortSignal.timeout(30_000),
        }).catch(() => undefined);
    o.tally.count(res?.status);
    if (res?.status === o.want) return { status: res.status, body: await res.json(), attempts: attempt };
    const text = res ? await res.text() : '';
    if (!retryable(res?.status)) return { status: res!.status, body: text, attempts: attempt };
    const after = Number(res?.headers.get('retry-after'));
    await sleep(Math.min(Number.isFinite(after) && after > 0 ? after * 1000 : 100 * attempt, 1000));
  }
  return undefined;
}
