/** The no-op workflow of the raw Temporal baselines: it starts and completes, nothing else. */
export async function benchNoop(): Promise<void> {
  return;
}
