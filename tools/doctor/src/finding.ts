/** One thing the doctor looked at, and what it found, in plain words. */
export interface Finding {
  area: 'nats' | 'postgres' | 'temporal' | 'keycloak' | 'keys';
  check: string;
  status: 'ok' | 'warn' | 'fail';
  /** What was found and, when not ok, what to do. */
  say: string;
}

export const ok = (area: Finding['area'], check: string, say: string): Finding => ({ area, check, status: 'ok', say });
export const warn = (area: Finding['area'], check: string, say: string): Finding => ({ area, check, status: 'warn', say });
export const fail = (area: Finding['area'], check: string, say: string): Finding => ({ area, check, status: 'fail', say });

/** A check that could not run (server down, no access) is a failure that says why, never a crash. */
export async function guarded(area: Finding['area'], check: string, run: () => Promise<Finding[]>): Promise<Finding[]> {
  try {
    return await run();
  } catch (e) {
    return [fail(area, check, `could not check: ${e instanceof Error ? e.message : String(e)}`)];
  }
}

const MARK: Record<Finding['status'], string> = { ok: '✓', warn: '!', fail: '✗' };

/** The report: one line per finding, grouped by area, then a count. */
export function report(findings: readonly Finding[]): string {
  const lines = findings.map((f) => `${MARK[f.status]} ${f.area.padEnd(9)} ${f.check.padEnd(30)} ${f.say}`);
  const n = (s: Finding['status']) => findings.filter((f) => f.status === s).length;
  lines.push('', `${n('fail')} wrong, ${n('warn')} to look at, ${n('ok')} fine`);
  return lines.join('\n');
}
