import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD, passwordGrant } from '@fengqiao/testing';
import { startPlatform, standInToken, type Platform } from './platform.harness';

/*
 * Schemathesis (PyPI, installed by tools/infra/infra.sh) against the served OpenAPI document, as each
 * role, every operation, every check: the document must tell the truth about what the gateway accepts
 * and answers. Admin runs too (this file's database is thrown away), so the write paths are covered.
 * fuzz/schemathesis.toml lists the few refusals a schema cannot state (rules over stored data), each
 * with its reason.
 *
 * Bounded for `npm test` (two cores): admin and a clerk get every phase (examples, coverage, fuzzing),
 * the other roles the examples and fuzzing phases; one role at a time, two workers. Each run gets a
 * fresh token and ends well within its five-minute lifetime. FQ_FUZZ_EXAMPLES (default 2) sets the
 * examples per operation and phase, FQ_FUZZ_PHASES the phases of every role (a longer hunt:
 * FQ_FUZZ_EXAMPLES=20 FQ_FUZZ_PHASES=examples,coverage,fuzzing npx nx run gateway:fuzz).
 */
jest.setTimeout(40 * 60_000);

const ST = process.env['SCHEMATHESIS'] ?? join(homedir(), '.cache/fengqiao/bin/st');
const CONFIG = join(__dirname, 'fuzz', 'schemathesis.toml');
const EXAMPLES = process.env['FQ_FUZZ_EXAMPLES'] ?? '2';
const FULL = 'examples,coverage,fuzzing';
// FQ_FUZZ_ONLY: a path regex, to look again at the operations a run failed on.
const ONLY = process.env['FQ_FUZZ_ONLY'] ? ['--include-path-regex', process.env['FQ_FUZZ_ONLY']] : [];
const phases = (deep: boolean) => process.env['FQ_FUZZ_PHASES'] ?? (deep ? FULL : 'examples,fuzzing');

/** The demo users, one per role (docs/demo-county.md); the clerk's run is the deep one among them. */
const ROLES: Array<[user: string, deep: boolean]> = [
  ['clerk.621102101', true],
  ['mediator.621102101', false],
  ['leader.621102', false],
  ['petition.621102', false],
  ['legal-aid.621102', false],
  ['lawyer.621102', false],
  ['key-person.621102101', false],
  ['dept.housing.621100', false],
  ['grid.621102101201', false],
  ['resident.demo', false],
];

let p: Platform;

beforeAll(async () => {
  if (!existsSync(ST)) throw new Error(`schemathesis not found at ${ST}: run bash tools/infra/infra.sh tools`);
  p = await startPlatform('fuzz', {
    insights: true,
    mediation: [['621102101'], ['621100']],
    petitions: [['621102']],
    legalAid: [['621102']],
    keyPersons: true,
    // The 12345 adapter answers its staff routes (no centre to push to: its pushes wait in the log).
    hotline: {},
  });
}, 300_000);

afterAll(async () => {
  await p?.stop();
});

/** A token just issued (not a cached one): a run must end within its lifetime. */
async function freshToken(user: string): Promise<string> {
  const r = await passwordGrant('fq-console', user, DEMO_PASSWORD);
  if (r.status !== 200) throw new Error(`token for ${user}: ${r.status} ${JSON.stringify(r.body)}`);
  return String(r.body['access_token']);
}

const unescapeXml = (t: string) =>
  t
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&');

interface Run {
  code: number | null;
  out: string;
  failures: string[];
}

/** One schemathesis run with a bearer token; the failures come from its JUnit report. */
function fuzz(token: string, deep: boolean): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'fq-fuzz-'));
  const args = [
    '--config-file',
    CONFIG,
    'run',
    `${p.gateway.url}/api/v1/openapi.json`,
    '--url',
    p.gateway.url,
    '--checks',
    'all',
    '--phases',
    phases(deep),
    '--max-examples',
    EXAMPLES,
    '--workers',
    '2',
    '--seed',
    '20261206',
    '--request-timeout',
    '10',
    '--no-color',
    '--report',
    'junit',
    '--report-dir',
    dir,
    '--header',
    `Authorization: Bearer ${token}`,
    ...ONLY,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(ST, args, { env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const junit = readdirSync(dir)
        .filter((f) => f.startsWith('junit'))
        .map((f) => readFileSync(join(dir, f), 'utf8'))
        .join('\n');
      const failures = [...junit.matchAll(/<testcase[^>]*name="([^"]+)"[^>]*>\s*<(failure|error)[^>]*message="([^"]*)"/g)].map((m) => `${m[1]}: ${m[3]}`);
      // Each failure's own account (the check, the invalid component, the answer, a curl), bodies cut short.
      const details = [...junit.matchAll(/<(?:failure|error)[^>]*>([\s\S]*?)<\/(?:failure|error)>/g)].map((m) => unescapeXml(m[1]!).slice(0, 3000));
      resolve({ code, out: details.length > 0 ? details.join('\n-----\n') : out.slice(-20_000), failures });
    });
  });
}

describe('the OpenAPI document tells the truth (schemathesis, every operation, every check)', () => {
  it('as an admin (a stand-in; the write paths): no failures', async () => {
    const admin = await standInToken('admin', null);
    try {
      const run = await fuzz(admin.token, true);
      if (run.code !== 0) process.stderr.write(run.out);
      expect(run.failures).toEqual([]);
      expect(run.code).toBe(0);
    } finally {
      await admin.remove();
    }
  });

  it.each(ROLES)('as %s: no failures', async (user, deep) => {
    const run = await fuzz(await freshToken(user), deep);
    if (run.code !== 0) process.stderr.write(run.out);
    expect(run.failures).toEqual([]);
    expect(run.code).toBe(0);
  });
});
