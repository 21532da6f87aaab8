import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The pauses between attempts to start a case's process before the registration answers 503
 * PROCESS_STARTING: a moment's gap (Temporal's frontend busy or reconnecting) is bridged here, once for
 * every caller (the gateway, Open311, the 12345 adapter), instead of by each client.
 */
export const PROCESS_START_RETRY_MS: readonly number[] = [250, 1_000];

/** Runs `start`, again after each pause while it fails; the last error once every attempt has failed. */
export async function startWithRetries(
  start: () => Promise<unknown>,
  pauses: readonly number[] = PROCESS_START_RETRY_MS,
  pause: (ms: number) => Promise<unknown> = sleep,
): Promise<{ ok: true } | { ok: false; error: unknown }> {
  for (let attempt = 0; ; attempt++) {
    try {
      await start();
      return { ok: true };
    } catch (error) {
      const wait = pauses[attempt];
      if (wait === undefined) return { ok: false, error };
      await pause(wait);
    }
  }
}
