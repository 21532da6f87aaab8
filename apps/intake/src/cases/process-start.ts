import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The pauses between attempts to start a case's process before the registration answers 503
 * PROCESS_STARTING: a moment's gap (Temporal's frontend busy or reconnecting) is bridged here, once for
 * every caller (the gateway, Open311, the 12345 adapter), instead of by each client.
 */
export const PROCESS_START_RETRY_MS: readonly number[] = [250, 1_000];
/**
 * How long the attempts may take together (each Temporal call's deadline too): well inside the callers'
 * own wait for intake's answer (the gateway's COMMAND_TIMEOUT_MS, 10 s), so an outage is answered 503
 * PROCESS_STARTING rather than timing out behind it.
 */
export const PROCESS_START_DEADLINE_MS = 5_000;

/**
 * Runs `start`, again after each pause while it fails and the pause ends before `until`; the last error
 * once it gives up.
 */
export async function startWithRetries(
  start: () => Promise<unknown>,
  o: { pauses?: readonly number[]; until?: number; pause?: (ms: number) => Promise<unknown>; now?: () => number } = {},
): Promise<{ ok: true } | { ok: false; error: unknown }> {
  const { pauses = PROCESS_START_RETRY_MS, until = Number.POSITIVE_INFINITY, pause = sleep, now = Date.now } = o;
  for (let attempt = 0; ; attempt++) {
    try {
      await start();
      return { ok: true };
    } catch (error) {
      const wait = pauses[attempt];
      if (wait === undefined || now() + wait >= until) return { ok: false, error };
      await pause(wait);
    }
  }
}
