import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

/** A source file longer than this is split, or says in its header why it is not. */
const MAX_LINES = 400;
/** Where the reason must stand: a comment in the file's first lines reading `long file: <why>`. */
const HEADER_LINES = 5;
const REASON = /^\s*(?:\/\/|\/\*+|\*)\s*long file:\s*(\S.{9,})/i;

/**
 * Files over the limit that another branch owns: they may stay long, without a header, until that
 * branch splits them or gives the reason. Each entry must still be over the limit and without a
 * reason (the list only shrinks).
 */
const OWNED_ELSEWHERE: Record<string, string> = {
  'apps/intake/src/cases/cases.service.ts': 'intake is being reworked on the lead branch',
};

/** Lines as `wc -l` counts them (a final line without a newline counts too). */
function lineCount(text: string): number {
  if (text === '') return 0;
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

/** The reason a long file gives in its header, or null. */
function headerReason(text: string): string | null {
  for (const line of text.split('\n').slice(0, HEADER_LINES)) {
    const m = REASON.exec(line);
    if (m) return m[1]!.replace(/\*\/\s*$/, '').trim();
  }
  return null;
}

/** What is wrong with one file, or null. */
function lengthProblem(file: string, text: string): string | null {
  const lines = lineCount(text);
  if (lines <= MAX_LINES || headerReason(text)) return null;
  return `${file}: ${lines} lines (over ${MAX_LINES}): split it, or give the reason in its first ${HEADER_LINES} lines as "// long file: <why>"`;
}

function trackedSources(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--', '*.ts', '*.tsx'], { cwd: root, encoding: 'utf8' });
  return out.split('\0').filter((f) => f && existsSync(join(root, f)));
}

const lines = (n: number, first: string[] = []) => [...first, ...Array.from({ length: n - first.length }, (_, i) => `const x${i} = ${i};`)].join('\n') + '\n';

describe('no source file over 400 lines without a reason in its header', () => {
  it('fails a long file without a reason, and passes one with a reason in its first lines (the check can fail)', () => {
    expect(lineCount(lines(400))).toBe(400);
    expect(lineCount('a\nb')).toBe(2);
    expect(lengthProblem('a.ts', lines(400))).toBeNull();
    expect(lengthProblem('a.ts', lines(401))).toContain('a.ts: 401 lines');
    expect(lengthProblem('a.ts', lines(401, ['// long file: one table of every holiday notice, read top to bottom']))).toBeNull();
    expect(lengthProblem('a.tsx', lines(401, ['/**', ' * long file: one checklist of the compose file', ' */']))).toBeNull();
    expect(lengthProblem('a.ts', lines(401, ['/* long file: the parser and its cases side by side */']))).toBeNull();
    // A reason must say something, be a comment, and stand at the top.
    expect(lengthProblem('a.ts', lines(401, ['// long file:']))).not.toBeNull();
    expect(lengthProblem('a.ts', lines(401, ['// long file: because']))).not.toBeNull();
    expect(lengthProblem('a.ts', lines(401, ["const s = 'long file: a string is not a reason';"]))).not.toBeNull();
    expect(lengthProblem('a.ts', lines(401, ['', '', '', '', '', '// long file: six lines down is too late to read']))).not.toBeNull();
  });

  it('holds for every tracked .ts and .tsx file', () => {
    const files = trackedSources();
    expect(files.length).toBeGreaterThan(100);
    const problems = files.filter((f) => !(f in OWNED_ELSEWHERE)).flatMap((f) => lengthProblem(f, readFileSync(join(root, f), 'utf8')) ?? []);
    expect(problems).toEqual([]);
  });

  it('lists only files that are still long and give no reason', () => {
    const stale = Object.keys(OWNED_ELSEWHERE).filter((f) => !existsSync(join(root, f)) || lengthProblem(f, readFileSync(join(root, f), 'utf8')) === null);
    expect(stale).toEqual([]);
  });
});
