import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import { EVENT_CATALOGUE } from '@fengqiao/contracts';

/**
 * Issue 16 "event catalogue": every event a service publishes is named from the catalogue
 * (libs/contracts/src/events/catalogue), so docs/events.md and `/api/v1/asyncapi.json` list it.
 * Read with the TypeScript parser: each `buildCloudEvent({ type })` takes its type from
 * `EventTypes.<name>`, `caseEventType(step)` or `keyPersonEventType(event)`; no source outside the
 * catalogue spells an event type as a string; each `eventSubject(unit, aggregate, event)` names an
 * aggregate (and, when literal, an event) the catalogue has.
 */
const root = resolve(__dirname, '../../..');
const CATALOGUE_DIR = 'libs/contracts/src/events/catalogue/';
const TYPE_FROM_CATALOGUE = new Set(['caseEventType', 'keyPersonEventType']);
const EVENT_TYPE_TEXT = /^(cn\.fengqiao\.|fq\.key-person\.)/;

const subjects = new Set(EVENT_CATALOGUE.map((d) => `${d.aggregate}.${d.event}`));
const aggregates = new Set(EVENT_CATALOGUE.map((d) => d.aggregate));

function sources(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--', 'apps/*/src/**.ts', 'libs/*/src/**.ts', 'workflows/*/src/**.ts'], { cwd: root, encoding: 'utf8' });
  return out.split('\0').filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.startsWith(CATALOGUE_DIR));
}

const text = (n: ts.Node): string | undefined => (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) ? n.text : undefined);

/** What is wrong in one file's source (exported for the test that shows the check can fail). */
export function eventNamingProblems(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
  const problems: string[] = [];
  const at = (n: ts.Node) => `${file}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const visit = (n: ts.Node): void => {
    const literal = text(n) ?? (ts.isTemplateExpression(n) ? n.head.text : undefined);
    if (literal !== undefined && EVENT_TYPE_TEXT.test(literal)) problems.push(`${at(n)}: an event type spelled out (${literal}): take it from the catalogue`);
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) {
      const callee = n.expression.text;
      if (callee === 'buildCloudEvent') {
        const arg = n.arguments[0];
        const type =
          arg && ts.isObjectLiteralExpression(arg) ? arg.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'type') : undefined;
        const init = type && ts.isPropertyAssignment(type) ? type.initializer : undefined;
        const named =
          init &&
          ((ts.isPropertyAccessExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'EventTypes') ||
            (ts.isCallExpression(init) && ts.isIdentifier(init.expression) && TYPE_FROM_CATALOGUE.has(init.expression.text)));
        if (!named) problems.push(`${at(n)}: buildCloudEvent's type is not EventTypes.<name>, caseEventType(…) or keyPersonEventType(…)`);
      }
      if (callee === 'eventSubject' && n.arguments.length === 3) {
        const aggregate = text(n.arguments[1]!);
        const event = text(n.arguments[2]!);
        if (aggregate === undefined) {
          if (!(ts.isIdentifier(n.arguments[1]!) && n.arguments[1].text === 'KEY_PERSON_AGGREGATE'))
            problems.push(`${at(n)}: eventSubject's aggregate is not a literal`);
        } else if (!aggregates.has(aggregate)) problems.push(`${at(n)}: no catalogue event has the aggregate ${aggregate}`);
        else if (event !== undefined && !subjects.has(`${aggregate}.${event}`)) problems.push(`${at(n)}: ${aggregate}.${event} is not in the catalogue`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return problems;
}

describe('events are named from the catalogue', () => {
  it('every publisher takes its event types and subjects from libs/contracts/src/events/catalogue', () => {
    const files = sources();
    // The check reads the publishers: it would pass vacuously if the file list were empty.
    expect(files).toEqual(
      expect.arrayContaining(['apps/intake/src/cases/transition-recorder.ts', 'apps/key-persons/src/activities/key-persons.activities.ts']),
    );
    expect(files.flatMap((f) => eventNamingProblems(f, readFileSync(join(root, f), 'utf8')))).toEqual([]);
  });

  it('fails a literal type, a type from elsewhere and a subject the catalogue lacks', () => {
    const bad = [
      "buildCloudEvent({ type: 'cn.fengqiao.case.teleported.v1', source, data });",
      'buildCloudEvent({ type: `fq.key-person.${e}`, source, data });',
      'buildCloudEvent({ type: MY_TYPE, source, data });',
      "eventSubject(unit, 'case', 'teleported');",
      "eventSubject(unit, 'parcel', e);",
    ].join('\n');
    expect(eventNamingProblems('probe.ts', bad)).toEqual([
      expect.stringContaining('probe.ts:1: buildCloudEvent'),
      expect.stringContaining('probe.ts:1: an event type spelled out'),
      expect.stringContaining('probe.ts:2: buildCloudEvent'),
      expect.stringContaining('probe.ts:2: an event type spelled out'),
      expect.stringContaining('probe.ts:3: buildCloudEvent'),
      expect.stringContaining('case.teleported is not in the catalogue'),
      expect.stringContaining('no catalogue event has the aggregate parcel'),
    ]);
    expect(eventNamingProblems('good.ts', "buildCloudEvent({ type: caseEventType(r.type), source, data }); eventSubject(u, 'case', r.type);")).toEqual([]);
  });
});
