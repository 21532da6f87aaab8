import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

/** What the repository documents must live in the repository: where the checks look. */
const SCOPE = ['README.md', 'docs', 'apps', 'libs', 'workflows', 'tools', 'infra'];

/** Files outside the repository that docs and comments once pointed at. */
// Built from parts so this file itself names no outside path.
const SHARED = ['sha', 'red/'].join('');
const OUTSIDE_MENTIONS = [`${SHARED}DESIGN`, `${SHARED}API`, `${SHARED}domain`, `../${SHARED}`];

/** Recorded Temporal histories and lock files are data, not prose. */
const SKIP = [/\/histories\//, /package-lock\.json$/, /\.(png|jpe?g|gif|ico|pdf|xlsx|ttf|woff2?)$/];

/** This file names the outside paths on purpose. */
const SELF = 'tools/workspace-checks/src/docs-links.spec.ts';

interface Finding {
  file: string;
  line: number;
  problem: string;
}

function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--', ...SCOPE], { cwd: root, encoding: 'utf8' });
  return out.split('\0').filter((f) => f && f !== SELF && !SKIP.some((re) => re.test(f)) && existsSync(join(root, f)));
}

/** Lines of a Markdown file with fenced code blocks blanked (a `# comment` in a shell block is no heading). */
function proseLines(text: string): string[] {
  let fence: string | null = null;
  return text.split('\n').map((line) => {
    const m = /^\s*(```+|~~~+)/.exec(line);
    if (m) {
      if (fence === null) fence = m[1]![0]!;
      else if (m[1]![0] === fence) fence = null;
      return '';
    }
    return fence === null ? line : '';
  });
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of proseLines(markdown)) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const text = m[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/**
 * Problems in one file's text: mentions of the outside files, and Markdown links to a relative path
 * (or a heading of a Markdown file) that does not exist. `exists` and `anchorsOf` see the file system.
 */
function findProblems(file: string, text: string, exists: (repoPath: string) => boolean, anchorsOf: (repoPath: string) => Set<string>): Finding[] {
  const findings: Finding[] = [];
  const isMarkdown = file.endsWith('.md');
  const raw = text.split('\n');
  raw.forEach((line, i) => {
    for (const m of OUTSIDE_MENTIONS)
      if (line.includes(m)) findings.push({ file, line: i + 1, problem: `mentions ${m} (outside the repository): link to docs/ instead` });
  });

  const lines = isMarkdown ? proseLines(text) : raw;
  lines.forEach((line, i) => {
    for (const m of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1]!.replace(/^<|>$/g, '');
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, …
      // In code, `](` is mostly a regex or a call: only what looks like a path to a file is a link.
      if (!isMarkdown && !/^\.{1,2}\//.test(target) && !/\.md(#|$)/.test(target)) continue;
      const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
      const repoPath = pathPart === '' ? file : join(dirname(file), decodeURI(pathPart));
      const where = { file, line: i + 1 };
      if (repoPath.startsWith('..') || pathPart.startsWith('/')) {
        findings.push({ ...where, problem: `links outside the repository: ${target}` });
      } else if (!exists(repoPath)) {
        findings.push({ ...where, problem: `links to a missing file: ${target}` });
      } else if (anchor && repoPath.endsWith('.md') && !anchorsOf(repoPath).has(anchor)) {
        findings.push({ ...where, problem: `links to a missing heading: ${target}` });
      }
    }
  });
  return findings;
}

const onDisk = (repoPath: string) => existsSync(join(root, repoPath));
const anchorCache = new Map<string, Set<string>>();
const anchorsOnDisk = (repoPath: string) => {
  if (!anchorCache.has(repoPath)) anchorCache.set(repoPath, headingAnchors(readFileSync(join(root, repoPath), 'utf8')));
  return anchorCache.get(repoPath)!;
};

describe('the repository is self-contained in its documentation', () => {
  it('finds an outside mention, a missing file and a missing heading (the check can fail)', () => {
    const files = new Set(['docs/api.md']);
    const exists = (p: string) => files.has(p);
    const anchors = () => new Set(['conventions']);
    const problems = (file: string, text: string) => findProblems(file, text, exists, anchors).map((f) => f.problem);

    expect(problems('README.md', `Architecture: ../${SHARED}DESIGN.md`)).toEqual(expect.arrayContaining([expect.stringContaining(`../${SHARED}`)]));
    expect(problems('apps/x/src/a.ts', `/** Realm roles of ${SHARED}domain/demo-county.md */`)).toHaveLength(1);
    expect(problems('README.md', 'see [api](docs/nope.md)')).toEqual(['links to a missing file: docs/nope.md']);
    expect(problems('docs/x.md', 'see [api](api.md#no-such-heading)')).toEqual(['links to a missing heading: api.md#no-such-heading']);
    expect(problems('docs/x.md', `see [outside](../../${SHARED}API.md)`)).toHaveLength(3);
    expect(problems('apps/a/README.md', 'see [api](../../docs/api.md#conventions), [web](https://example.org/x.md)')).toEqual([]);
    expect(problems('libs/a/src/re.ts', 'const re = /^[+-](\\d{2})$/; // [doc](../../../docs/api.md)')).toEqual([]);
    expect(problems('docs/x.md', '```sh\n[not a link](missing.md)\n```\n')).toEqual([]);
  });

  it('derives heading anchors as GitHub does', () => {
    const anchors = headingAnchors(
      '# API\n## Actions on a dispute\n## Other kinds (generic process)\n### Local defaults (version 1)\n## Notes\n## Notes\n```sh\n# not a heading\n```\n',
    );
    expect([...anchors]).toEqual(['api', 'actions-on-a-dispute', 'other-kinds-generic-process', 'local-defaults-version-1', 'notes', 'notes-1']);
  });

  it('has no mention of outside design files and no broken relative link in README, docs, apps, libs, workflows, tools, infra', () => {
    const files = trackedFiles();
    expect(files.length).toBeGreaterThan(100);
    const findings = files.flatMap((f) =>
      statSync(join(root, f)).isFile() ? findProblems(f, readFileSync(join(root, f), 'utf8'), onDisk, anchorsOnDisk) : [],
    );
    expect(findings.map((f) => `${f.file}:${f.line} ${f.problem}`)).toEqual([]);
  });

  it('links every doc from the README', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const docs = trackedFiles().filter((f) => /^docs\/[^/]+\.md$/.test(f));
    expect(docs).toEqual(expect.arrayContaining(['docs/architecture.md', 'docs/api.md', 'docs/deadlines.md', 'docs/metrics.md', 'docs/demo-county.md']));
    for (const doc of docs) expect({ doc, linked: readme.includes(`](${doc})`) }).toEqual({ doc, linked: true });
  });
});
