import { formatVerifySummary, runVerifyCli, VERIFY_EXIT } from './verify-cli';

const sink = () => {
  let text = '';
  return {
    write: (s: string) => (text += s),
    get text() {
      return text;
    },
  };
};

describe('formatVerifySummary', () => {
  it('says intact in Chinese, then English, with the head to keep as an anchor', () => {
    const s = formatVerifySummary({ ok: true, count: 3, lastSeq: 3, lastHash: 'ab'.repeat(32) });
    const [zh, en] = s.split('\n');
    expect(zh).toContain('审计日志校验通过：共 3 条记录');
    expect(en).toContain('Audit log intact: 3 entries');
    expect(en).toContain('ab'.repeat(32));
  });

  it('lists every problem in both languages, Chinese first', () => {
    const s = formatVerifySummary({
      ok: false,
      count: 9,
      lastSeq: 10,
      lastHash: 'x',
      firstBrokenSeq: 4,
      problemsTruncated: false,
      problems: [
        { seq: 4, reason: 'gap', detail: 'seq 4 missing (rows removed)', missing: { from: 4, to: 4 } },
        { seq: 7, reason: 'hash mismatch', detail: 'seq 7: content does not give the stored hash (row altered)' },
      ],
    });
    expect(s.indexOf('审计日志校验失败')).toBeLessThan(s.indexOf('Audit log BROKEN'));
    expect(s).toContain('seq 4：序号缺失（记录被删除），缺失 seq 4');
    expect(s).toContain('seq 7：内容与哈希不符（记录被修改）');
    expect(s).toContain('seq 7: hash mismatch: seq 7: content does not give the stored hash (row altered)');
  });
});

describe('runVerifyCli arguments', () => {
  it('prints usage for --help and refuses unknown arguments or a bad anchor', async () => {
    const out = sink();
    expect(await runVerifyCli(['--help'], {}, out, sink())).toBe(VERIFY_EXIT.ok);
    expect(out.text).toContain('--database-url');
    const err = sink();
    expect(await runVerifyCli(['--frobnicate'], {}, sink(), err)).toBe(VERIFY_EXIT.error);
    expect(err.text).toContain('unknown argument --frobnicate');
    expect(await runVerifyCli(['--anchor', '12:nothex'], {}, sink(), sink())).toBe(VERIFY_EXIT.error);
  });

  it('needs a database URL', async () => {
    const err = sink();
    expect(await runVerifyCli([], {}, sink(), err)).toBe(VERIFY_EXIT.error);
    expect(err.text).toContain('DATABASE_URL');
  });

  it('exits 1, not 2, when the database cannot be reached', async () => {
    const err = sink();
    expect(await runVerifyCli(['--database-url=postgres://nobody:x@127.0.0.1:1/none'], {}, sink(), err)).toBe(VERIFY_EXIT.error);
    expect(err.text).toContain('could not verify');
  });
});
