import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';
import { Commands } from '@fengqiao/contracts';
import { ANY_AUTHENTICATED } from '@fengqiao/messaging';

/**
 * Issue item "every NATS handler guarded by construction": a service handler is declared with
 * `@Guarded(pattern, { roles })` from @fengqiao/messaging (token and roles checked before the
 * method runs), or, for a JetStream event without a user token, `@SystemEvent(pattern)`. This
 * reads every service source with the TypeScript parser and reports Nest's raw pattern
 * decorators (however imported) and guarded handlers whose roles are missing or empty.
 */

const root = resolve(__dirname, '../../..');
/** The one file allowed to apply Nest's raw decorators: the implementation of @Guarded itself. */
const GUARD_IMPLEMENTATION = 'libs/messaging/src/guarded.ts';
const RAW_DECORATORS = new Set(['MessagePattern', 'EventPattern', 'GrpcMethod', 'GrpcStreamMethod', 'GrpcStreamCall']);
const GUARD_MODULES = new Set(['@fengqiao/messaging', './guarded']);

interface Finding {
  at: string;
  problem: string;
}

interface Audit {
  /** `pattern text -> roles text` of every @Guarded handler, e.g. `Commands.intake.getCase` -> `CASE_READER_ROLES`. */
  guarded: Array<{ at: string; pattern: string; roles: string }>;
  systemEvents: Array<{ at: string; pattern: string }>;
  findings: Finding[];
}

/** Names bound by the file's imports: local name -> what it is (a raw Nest decorator, Guarded, SystemEvent). */
function importedNames(sf: ts.SourceFile) {
  const raw = new Map<string, string>();
  const rawNamespaces = new Set<string>();
  const guard = new Map<string, 'Guarded' | 'SystemEvent'>();
  for (const stmt of sf.statements) {
    if (!ts.isImportDeclaration(stmt) || !ts.isStringLiteral(stmt.moduleSpecifier)) continue;
    const from = stmt.moduleSpecifier.text;
    const bindings = stmt.importClause?.namedBindings;
    if (!bindings) continue;
    if (ts.isNamespaceImport(bindings)) {
      if (from === '@nestjs/microservices') rawNamespaces.add(bindings.name.text);
      continue;
    }
    for (const el of bindings.elements) {
      const imported = (el.propertyName ?? el.name).text;
      if (from === '@nestjs/microservices' && RAW_DECORATORS.has(imported)) raw.set(el.name.text, imported);
      if (GUARD_MODULES.has(from) && (imported === 'Guarded' || imported === 'SystemEvent')) guard.set(el.name.text, imported);
    }
  }
  return { raw, rawNamespaces, guard };
}

function rolesProblem(options: ts.Expression | undefined): string | undefined {
  if (!options) return 'has no options: declare { roles: [...] } or { roles: ANY_AUTHENTICATED }';
  if (!ts.isObjectLiteralExpression(options)) return 'takes its options from elsewhere: write { roles } in place so the check can read it';
  const prop = options.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'roles');
  if (!prop) return 'declares no roles';
  if (ts.isShorthandPropertyAssignment(prop)) return undefined;
  if (!ts.isPropertyAssignment(prop)) return 'declares roles in a form the check cannot read';
  let value = prop.initializer;
  while (ts.isAsExpression(value) || ts.isSatisfiesExpression(value) || ts.isParenthesizedExpression(value)) value = value.expression;
  if (ts.isArrayLiteralExpression(value) && value.elements.length === 0) return 'declares an empty role list';
  if ((ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) && value.text !== ANY_AUTHENTICATED)
    return `declares roles '${value.text}' (a list, or ${ANY_AUTHENTICATED})`;
  if (value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined')) return 'declares no roles';
  return undefined;
}

/** Audits one source file; `file` is its path relative to the workspace root. */
function auditSource(file: string, text: string): Audit {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const { raw, rawNamespaces, guard } = importedNames(sf);
  const audit: Audit = { guarded: [], systemEvents: [], findings: [] };
  const at = (node: ts.Node) => {
    const member = ts.findAncestor(node, (n) => ts.isMethodDeclaration(n) || ts.isPropertyDeclaration(n));
    const cls = ts.findAncestor(node, ts.isClassLike);
    const name = [cls?.name?.text, member?.name && ts.isIdentifier(member.name) ? member.name.text : undefined].filter(Boolean).join('.');
    return `${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}${name ? ` (${name})` : ''}`;
  };
  /** What a reference names: a raw Nest decorator (also through a namespace import), Guarded, SystemEvent. */
  const resolveName = (e: ts.Expression): string | undefined => {
    if (ts.isIdentifier(e)) return raw.get(e.text) ?? guard.get(e.text);
    if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && rawNamespaces.has(e.expression.text) && RAW_DECORATORS.has(e.name.text))
      return e.name.text;
    return undefined;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) return;
    // Any use of a raw decorator — applied, called by hand or aliased — bypasses the guard.
    if ((ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) && !ts.isPropertyAccessExpression(node.parent)) {
      const name = resolveName(node);
      if (name && RAW_DECORATORS.has(name)) {
        audit.findings.push({
          at: at(node),
          problem: `uses @${name} directly: declare it with @Guarded(pattern, { roles }), or @SystemEvent(pattern) for a JetStream event`,
        });
      }
    }
    if (ts.isDecorator(node) && ts.isCallExpression(node.expression)) {
      const call = node.expression;
      const name = resolveName(call.expression);
      const pattern = call.arguments[0]?.getText(sf) ?? '';
      if (name === 'Guarded') {
        const problem = rolesProblem(call.arguments[1]);
        if (problem) audit.findings.push({ at: at(node), problem: `@Guarded(${pattern}) ${problem}` });
        else {
          const options = call.arguments[1] as ts.ObjectLiteralExpression;
          const prop = options.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'roles')!;
          audit.guarded.push({ at: at(node), pattern, roles: ts.isPropertyAssignment(prop) ? prop.initializer.getText(sf) : 'roles' });
        }
      }
      if (name === 'SystemEvent') audit.systemEvents.push({ at: at(node), pattern });
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
    return /\.tsx?$/.test(name) && !/\.(spec|test|d)\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every service and library source (tests excluded), merged into one audit. */
function auditWorkspace(): Audit & { files: number } {
  const files = ['apps', 'libs']
    .flatMap((top) => readdirSync(join(root, top)).map((p) => join(root, top, p, 'src')))
    .filter((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory())
    .flatMap(sourceFiles)
    .map((f) => relative(root, f).split('\\').join('/'))
    .filter((f) => f !== GUARD_IMPLEMENTATION);
  const total: Audit & { files: number } = { guarded: [], systemEvents: [], findings: [], files: files.length };
  for (const file of files) {
    const a = auditSource(file, readFileSync(join(root, file), 'utf8'));
    total.guarded.push(...a.guarded);
    total.systemEvents.push(...a.systemEvents);
    total.findings.push(...a.findings);
  }
  return total;
}

describe('every NATS handler is guarded by construction', () => {
  const audit = auditWorkspace();

  it('finds no raw @MessagePattern / @EventPattern and no guarded handler without roles', () => {
    expect(audit.findings).toEqual([]);
  });

  it('sees a guarded handler for every command of the services, once each', () => {
    // Guards against a vacuous pass: the command catalogue is the list of handlers that must exist.
    const expected = (['intake', 'mediation', 'insights', 'petitions', 'legalAid'] as const).flatMap((svc) =>
      Object.keys(Commands[svc]).map((k) => `Commands.${svc}.${k}`),
    );
    expect(expected.length).toBeGreaterThanOrEqual(20);
    const patterns = audit.guarded.map((g) => g.pattern);
    for (const p of expected) expect({ pattern: p, handlers: patterns.filter((x) => x === p).length }).toEqual({ pattern: p, handlers: 1 });
    expect(patterns).toContain('Commands.ping(name)');
    expect(audit.files).toBeGreaterThan(100);
  });

  it('lets only the placeholder ping through to any authenticated caller', () => {
    expect(audit.guarded.filter((g) => /ANY_AUTHENTICATED|any-authenticated/.test(g.roles)).map((g) => g.pattern)).toEqual(['Commands.ping(name)']);
  });
});

describe('the check itself fails an unguarded handler', () => {
  const header = `import { Controller } from '@nestjs/common';\n`;
  const findings = (code: string) => auditSource('apps/probe/src/probe.handler.ts', header + code).findings;

  it('reports a handler declared with @MessagePattern directly', () => {
    const f = findings(`
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
@Controller()
export class ProbeHandler {
  @MessagePattern('fq.probe.case.get')
  get(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    return body;
  }
}
`);
    expect(f).toEqual([{ at: 'apps/probe/src/probe.handler.ts:6 (ProbeHandler.get)', problem: expect.stringMatching(/^uses @MessagePattern directly/) }]);
  });

  it('reports @EventPattern, an aliased import, a namespace import and a hand-applied decorator', () => {
    const f = findings(`
import { EventPattern, MessagePattern as Handles } from '@nestjs/microservices';
import * as ms from '@nestjs/microservices';
@Controller()
export class ProbeHandler {
  @EventPattern('fq.evt.probe.>') onEvent() { return 1; }
  @Handles('fq.probe.a') a() { return 1; }
  @ms.MessagePattern('fq.probe.b') b() { return 1; }
}
const later = Handles;
Handles('fq.probe.c')(ProbeHandler.prototype, 'c', {});
`);
    expect(f.map((x) => x.problem.split(':')[0])).toEqual([
      'uses @EventPattern directly',
      'uses @MessagePattern directly',
      'uses @MessagePattern directly',
      'uses @MessagePattern directly',
      'uses @MessagePattern directly',
    ]);
  });

  it('reports @Guarded without roles, with empty roles, with a made-up marker or with options out of sight', () => {
    const f = findings(`
import { Guarded } from '@fengqiao/messaging';
const opts = { roles: [] };
@Controller()
export class ProbeHandler {
  @Guarded('fq.probe.a') a() { return 1; }
  @Guarded('fq.probe.b', {}) b() { return 1; }
  @Guarded('fq.probe.c', { roles: [] }) c() { return 1; }
  @Guarded('fq.probe.d', { roles: [] as Role[] }) d() { return 1; }
  @Guarded('fq.probe.e', { roles: 'anyone' }) e() { return 1; }
  @Guarded('fq.probe.f', opts) f() { return 1; }
}
`);
    expect(f.map((x) => x.problem)).toEqual([
      expect.stringMatching(/^@Guarded\('fq.probe.a'\) has no options/),
      "@Guarded('fq.probe.b') declares no roles",
      "@Guarded('fq.probe.c') declares an empty role list",
      "@Guarded('fq.probe.d') declares an empty role list",
      expect.stringMatching(/^@Guarded\('fq.probe.e'\) declares roles 'anyone'/),
      expect.stringMatching(/^@Guarded\('fq.probe.f'\) takes its options from elsewhere/),
    ]);
  });

  it('accepts guarded handlers with roles and explicit system event handlers', () => {
    const a = auditSource(
      'apps/probe/src/probe.handler.ts',
      `${header}
import { ANY_AUTHENTICATED, Guarded as G, SystemEvent } from '@fengqiao/messaging';
import { CASE_READER_ROLES, Roles } from '@fengqiao/auth';
@Controller()
export class ProbeHandler {
  @G('fq.probe.a', { roles: [Roles.clerk] }) a() { return 1; }
  @G('fq.probe.b', { roles: CASE_READER_ROLES }) b() { return 1; }
  @G('fq.probe.c', { roles: ANY_AUTHENTICATED }) c() { return 1; }
  @SystemEvent('fq.evt.probe.>') d() { return 1; }
  helper() { return 1; }
}
`,
    );
    expect(a.findings).toEqual([]);
    expect(a.guarded.map((g) => g.pattern)).toEqual(["'fq.probe.a'", "'fq.probe.b'", "'fq.probe.c'"]);
    expect(a.systemEvents.map((e) => e.pattern)).toEqual(["'fq.evt.probe.>'"]);
  });

  it('makes the workspace check fail when such a handler is added', () => {
    const unguarded = auditSource(
      'apps/intake/src/probe.handler.ts',
      `import { MessagePattern } from '@nestjs/microservices';\nclass H { @MessagePattern('fq.intake.probe') p() { return 1; } }\n`,
    );
    expect([...auditWorkspace().findings, ...unguarded.findings]).not.toEqual([]);
  });
});
