/** Polls until `probe` returns a value other than undefined/false, or fails after the deadline. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  o: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (o.timeoutMs ?? 20_000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v as T;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 200));
  }
  throw new Error(`timed out waiting for ${o.what ?? 'condition'}${lastError ? `: ${String(lastError)}` : ''}`);
}
