import { Client } from 'pg';
import { verifyAuditChain, type AuditProblem, type AuditProblemReason, type AuditVerifyResult } from './audit-verify';

export const VERIFY_EXIT = { ok: 0, error: 1, broken: 2 } as const;

const USAGE = `verify-audit [--database-url <url>] [--anchor <seq>:<hash>] [--json]
  校验审计日志哈希链 / Verifies the audit log's hash chain.
  --database-url  PostgreSQL URL (default: AUDIT_DATABASE_URL, then DATABASE_URL)
  --anchor        a head printed by an earlier run and kept outside the database
  --json          print the result as JSON instead of the summary
  exit code: 0 intact, 2 broken (altered or removed rows), 1 could not check`;

const ZH_REASON: Record<AuditProblemReason, string> = {
  'hash mismatch': '内容与哈希不符（记录被修改）',
  gap: '序号缺失（记录被删除）',
  'link mismatch': '链接不符（prev_hash 不是上一条记录的哈希）',
  'head mismatch': '链头不符（末尾记录被删除或链头被改动）',
  'out of order': '顺序错乱',
};

const ZH_DETAIL = (p: AuditProblem) =>
  p.missing ? `${ZH_REASON[p.reason]}，缺失 seq ${p.missing.from}${p.missing.to > p.missing.from ? `–${p.missing.to}` : ''}` : ZH_REASON[p.reason];

/** The human summary: zh-CN first, then English. */
export function formatVerifySummary(r: AuditVerifyResult): string {
  if (r.ok) {
    return [
      `审计日志校验通过：共 ${r.count} 条记录，哈希链完整。链头 seq ${r.lastSeq}，哈希 ${r.lastHash}（可另行保存，作为下次校验的 --anchor）。`,
      `Audit log intact: ${r.count} entries, hash chain unbroken. Head seq ${r.lastSeq}, hash ${r.lastHash} (keep it elsewhere as a later --anchor).`,
      '',
    ].join('\n');
  }
  const more = r.problemsTruncated ? '（仅列出前若干项）' : '';
  const moreEn = r.problemsTruncated ? ' (first ones listed)' : '';
  return [
    `审计日志校验失败：共读取 ${r.count} 条记录，首个异常位于 seq ${r.firstBrokenSeq}${more}。`,
    ...r.problems.map((p) => `  seq ${p.seq}：${ZH_DETAIL(p)}`),
    `Audit log BROKEN: ${r.count} entries read, first broken at seq ${r.firstBrokenSeq}${moreEn}.`,
    ...r.problems.map((p) => `  seq ${p.seq}: ${p.reason}: ${p.detail}`),
    '',
  ].join('\n');
}

interface Args {
  url?: string;
  anchor?: { seq: number; hash: string };
  json: boolean;
  help: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { json: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--database-url') a.url = value();
    else if (flag === '--json') a.json = true;
    else if (flag === '--help' || flag === '-h') a.help = true;
    else if (flag === '--anchor') {
      const m = /^(\d+):([0-9a-f]{64})$/.exec(value());
      if (!m) throw new Error('--anchor must be <seq>:<64 hex digits>');
      a.anchor = { seq: Number(m[1]), hash: m[2] };
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  return a;
}

/**
 * The `verify-audit` command, for a service's thin main:
 *   runVerifyCli(process.argv.slice(2), process.env).then((code) => { process.exitCode = code; });
 * Reads the whole chain in one read-only REPEATABLE READ snapshot, so appends running at the
 * same time neither disturb it nor show as problems. Returns 0 intact, 2 broken, 1 error.
 */
export async function runVerifyCli(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  out: { write(s: string): unknown } = process.stdout,
  err: { write(s: string): unknown } = process.stderr,
): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    err.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return VERIFY_EXIT.error;
  }
  if (args.help) {
    out.write(`${USAGE}\n`);
    return VERIFY_EXIT.ok;
  }
  const url = args.url ?? env['AUDIT_DATABASE_URL'] ?? env['DATABASE_URL'];
  if (!url) {
    err.write(`无数据库地址 / no database URL: pass --database-url or set DATABASE_URL\n`);
    return VERIFY_EXIT.error;
  }
  const client = new Client({ connectionString: url, application_name: 'fq-verify-audit' });
  let result: AuditVerifyResult;
  try {
    await client.connect();
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    result = await verifyAuditChain(async (sql, params) => (await client.query(sql, params)).rows as Array<Record<string, unknown>>, { anchor: args.anchor });
    await client.query('COMMIT');
  } catch (e) {
    err.write(`审计日志无法校验 / could not verify the audit log: ${e instanceof Error ? e.message : String(e)}\n`);
    return VERIFY_EXIT.error;
  } finally {
    await client.end().catch(() => undefined);
  }
  out.write(args.json ? `${JSON.stringify(result)}\n` : formatVerifySummary(result));
  return result.ok ? VERIFY_EXIT.ok : VERIFY_EXIT.broken;
}
