import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

/**
 * Issue item "failure codes": a service answers with a code its module declares once
 * (`<module>.failures.ts`, `defineFailures` of libs/rules), never with a message written inline.
 * This reads every app source with the TypeScript parser and reports `problem(kind, message)`
 * calls whose message is written in place (a string, a template, or a concatenation with one).
 */

const root = resolve(__dirname, '../../..');

interface Audit {
  findings: string[];
  /** Answers given by code: `<X>Failures.fail(...)` / `<X>Failures.problem(...)`. */
  coded: number;
}

/** Is the expression a message written in place? */
function inline(e: ts.Expression): boolean {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isTemplateExpression(e)) return true;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return inline(e.left) || inline(e.right);
  if (ts.isConditionalExpression(e)) return inline(e.whenTrue) || inline(e.whenFalse);
  return false;
}

/** Audits one source file; `file` is its path relative to the workspace root. */
export function auditSource(file: string, text: string): Audit {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const audit: Audit = { findings: [], coded: 0 };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const message = node.arguments[1];
      if (ts.isIdentifier(callee) && callee.text === 'problem' && message && inline(message)) {
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        audit.findings.push(
          `${file}:${line}: problem(${node.arguments[0]?.getText(sf) ?? ''}, …) with an inline message: declare a code in the module's *.failures.ts`,
        );
      }
      if (
        ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        /Failures$/.test(callee.expression.text) &&
        ['fail', 'problem'].includes(callee.name.text)
      )
        audit.coded++;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return audit;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.(spec|test|d|failures)\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every app source (tests and the failure declarations themselves excluded). */
function auditApps(): Audit & { files: number } {
  const files = readdirSync(join(root, 'apps'))
    .map((p) => join(root, 'apps', p, 'src'))
    .filter((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory())
    .flatMap(sourceFiles)
    .map((f) => relative(root, f).split('\\').join('/'));
  const total: Audit & { files: number } = { findings: [], coded: 0, files: files.length };
  for (const file of files) {
    const a = auditSource(file, readFileSync(join(root, file), 'utf8'));
    total.findings.push(...a.findings);
    total.coded += a.coded;
  }
  return total;
}

describe('services answer with failure codes, not inline messages', () => {
  const audit = auditApps();

  it('finds no problem(kind, message) with a message written in place in apps/*/src', () => {
    expect(audit.findings).toEqual([]);
  });

  it('sees the apps answer by code (the check is not vacuous)', () => {
    expect(audit.files).toBeGreaterThan(100);
    expect(audit.coded).toBeGreaterThan(60);
  });
});

describe('the check itself fails an inline message', () => {
  const findings = (code: string) => auditSource('apps/probe/src/probe.service.ts', code).findings.map((f) => f.split(':').slice(0, 2).join(':'));

  it('reports a string, a template, a concatenation and a choice between strings', () => {
    const f = findings(`
return fail(problem('notFound', '案件不存在 / Case not found'));
return fail(problem('forbidden', \`当前角色不能执行 \${action} / Your role may not \${action}\`));
return problem('conflict', 'a / ' + \`b\`);
throw new ProblemException(problem('unavailable', timeout ? 'x / y' : 'z / w'));
`);
    expect(f).toEqual([
      'apps/probe/src/probe.service.ts:2',
      'apps/probe/src/probe.service.ts:3',
      'apps/probe/src/probe.service.ts:4',
      'apps/probe/src/probe.service.ts:5',
    ]);
  });

  it('accepts codes, a problem without a message and a message passed through from elsewhere', () => {
    const a = auditSource(
      'apps/probe/src/probe.service.ts',
      `
return CaseFailures.fail('CASE_NOT_FOUND');
throw new ProblemException(GatewayFailures.problem('TOKEN_MISSING'));
return problem('unauthorized');
return problem('validation', cause.message, errors);
`,
    );
    expect(a).toEqual({ findings: [], coded: 2 });
  });
});
