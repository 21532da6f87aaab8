import type { JetStreamManager, StreamConfig } from 'nats';
import { isPassingOutage } from './passing-outage';

/**
 * Runs a start-up call to the JetStream API again while it fails for a passing reason (a request
 * that timed out, no responders yet), for up to `deadlineMs`. A cluster that has just formed, with
 * every app starting on the same cores, can take longer than one request's timeout to place and
 * elect a replicated stream; a service should wait for that, not exit.
 */
export async function retryJetStreamSetup<T>(call: () => Promise<T>, deadlineMs = 30_000, pauseMs = 500): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await call();
    } catch (e) {
      if (!isPassingOutage(e) || Date.now() + pauseMs > until) throw e;
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  }
}

/** Creates the stream, or brings an existing one to `config` (e.g. more replicas); retried as above. */
export function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }): Promise<string> {
  return retryJetStreamSetup(async () => {
    try {
      await jsm.streams.info(config.name);
      await jsm.streams.update(config.name, config);
    } catch (e) {
      if (!String(e).includes('stream not found')) throw e;
      await jsm.streams.add(config);
    }
    return config.name;
  });
}
