import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

interface LintMessage {
  ruleId: string | null;
  message: string;
}

/**
 * Lints a snippet with the workspace's real ESLint CLI and config, as if it were a file at
 * `filePath`; returns the boundary-rule messages.
 */
async function lintErrors(filePath: string, code: string, rule = '@nx/enforce-module-boundaries'): Promise<string[]> {
  let out: string;
  try {
    out = execFileSync(join(root, 'node_modules/.bin/eslint'), ['--stdin', '--stdin-filename', filePath, '--format', 'json'], {
      cwd: root,
      input: code,
      encoding: 'utf8',
    });
  } catch (e) {
    out = (e as { stdout: string }).stdout; // exit 1 when the snippet has errors
  }
  const [result] = JSON.parse(out) as Array<{ messages: LintMessage[] }>;
  return (result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.message);
}

const boundaryErrors = (filePath: string, code: string) => lintErrors(filePath, code);

describe('module boundaries (eslint @nx/enforce-module-boundaries)', () => {
  it('passes a service that imports shared libs', async () => {
    expect(await boundaryErrors('apps/gateway/src/probe.ts', "import { Commands } from '@fengqiao/contracts';\nexport const c = Commands;\n")).toEqual([]);
  });

  it('fails a service that imports another service', async () => {
    const errors = await boundaryErrors(
      'apps/gateway/src/probe.ts',
      "import { startIntake } from '../../intake/src/intake.app';\nexport const s = startIntake;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('fails a workflow that imports a lib doing I/O', async () => {
    const errors = await boundaryErrors('workflows/dispute-path/src/probe.ts', "import { migrate } from '@fengqiao/persistence';\nexport const m = migrate;\n");
    expect(errors.join('\n')).toMatch(/can only depend on libs tagged with "workflow-safe"/);
  });

  it('fails a workflow that imports a Node builtin or typeorm', async () => {
    expect(
      await lintErrors(
        'workflows/dispute-path/src/probe.ts',
        "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
        'no-restricted-imports',
      ),
    ).toHaveLength(1);
    expect(
      (await boundaryErrors('workflows/dispute-path/src/probe.ts', "import { DataSource } from 'typeorm';\nexport const d = DataSource;\n")).length,
    ).toBeGreaterThan(0);
  });
});

describe('workspace layout', () => {
  const projectFiles = ['apps', 'libs', 'workflows', 'tools']
    .flatMap((dir) => readdirSync(join(root, dir)).map((name) => join(root, dir, name, 'project.json')))
    .filter((f) => existsSync(f));

  it('tags every project with a type and a scope', () => {
    expect(projectFiles.length).toBeGreaterThanOrEqual(18);
    for (const file of projectFiles) {
      const tags: string[] = JSON.parse(readFileSync(file, 'utf8')).tags ?? [];
      expect({ file, type: tags.some((t) => t.startsWith('type:')), scope: tags.some((t) => t.startsWith('scope:')) }).toEqual({
        file,
        type: true,
        scope: true,
      });
    }
  });

  it('keeps every @nx/* package on the version of nx itself', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const all = { ...pkg.dependencies, ...pkg.devDependencies } as Record<string, string>;
    const nxPackages = Object.entries(all).filter(([name]) => name.startsWith('@nx/'));
    expect(nxPackages.length).toBeGreaterThan(0);
    for (const [name, version] of nxPackages) expect({ name, version }).toEqual({ name, version: all['nx'] });
  });

  it('compiles in strict mode', () => {
    const base = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
    expect(base.compilerOptions.strict).toBe(true);
  });
});
