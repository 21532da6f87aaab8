import type { Subscription } from 'nats';
import { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import {
  keyPersonWorkflowId,
  type KeyPersonExportView,
  type KeyPersonListItem,
  type KeyPersonOpeningView,
  type KeyPersonTaskView,
  type SpecialPeriodView,
} from '@fengqiao/contracts';
import { CURRENT_ASSESSMENT_FORM } from '@fengqiao/rules';
import { temporalCodecFromEnv } from '@fengqiao/temporal';
import { runAppScript, waitFor } from '@fengqiao/testing';
import { sampleCase, standInToken, startPlatform, type Platform } from './platform.harness';
import { answers, beijingDay, call as callAs, distinctivePerson, KP, registration } from './support/key-persons';

/**
 * Issue 13 "never leak": during a whole key-person run through the public API — register, list, open,
 * tasks, contact, assessment and its approval, special period and daily report, missing list, export
 * approved and fetched, removal — no NATS message, no log line of any app, no Temporal history of the
 * supervision runs (read raw, and again with every payload decrypted), no statistic, no board and no
 * audit entry holds the person's name, ID number, phone, address or description; the stored register
 * holds them encrypted only. Refused openings (no purpose, outside need-to-know) are clear
 * problem+json answers, audited, and listed under /openings; the audit chain verifies after the run.
 */
let p: Platform;
const call = <T>(path: string, user: string | { token: string }, body?: unknown) => callAs<T>(p, path, user, body);
const base = '/api/v1/key-persons';

const person = distinctivePerson('东方望舒');
const contactNote = `走访记录：东方望舒${person.phone.slice(-4)}号情况`;
let created: KeyPersonListItem;
let sub: Subscription;
const wire: string[] = [];
const cleanups: (() => Promise<void>)[] = [];

/** The person's values, plain and as JSON escapes would write them. */
const secrets = [person.name, person.idNumber, person.phone, person.address, person.description, contactNote];
const escaped = (v: string) =>
  JSON.stringify(v)
    .slice(1, -1)
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
/** Which of the secrets a text holds, with some context, so a failure shows where the leak is. */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (const s of secrets) {
    for (const form of new Set([s, escaped(s)])) {
      const i = text.indexOf(form);
      if (i >= 0) found.push(`${s}: …${text.slice(Math.max(0, i - 80), i + form.length + 20)}…`);
    }
  }
  return found;
}

beforeAll(async () => {
  p = await startPlatform('key_person_privacy', { keyPersons: true, insights: true });
  // Every message that can carry data: our subjects, replies and JetStream deliveries (inboxes).
  sub = p.ctx.nats.subscribe('>', {
    callback: (_e, m) => {
      if (!m.subject.startsWith('$JS.')) wire.push(`${m.subject} ${m.headers?.toString() ?? ''} ${m.string()}`);
    },
  });
}, 240_000);

afterAll(async () => {
  sub?.unsubscribe();
  for (const c of cleanups) await c().catch(() => undefined);
  await p?.stop();
});

describe('a whole key-person run', () => {
  it('goes through the public API', async () => {
    const today = beijingDay(0);
    // A dispute of the person's in the town (by ID number; a case names its parties, so another name here),
    // so the record links a case through the person file and the figures have a town to count in.
    const dispute = await call(
      '/api/v1/cases',
      KP.clerk,
      sampleCase({
        parties: [
          { role: 'applicant', name: '李建设', idNumber: person.idNumber, phone: person.phone },
          { role: 'respondent', name: '李春梅' },
        ],
      }),
    );
    expect(dispute.status).toBe(201);
    const r = await call<KeyPersonListItem>(base, KP.officer, registration(person));
    expect(r.status).toBe(201);
    created = r.body;
    expect((await call(`${base}?orgUnit=621102101`, KP.officer)).status).toBe(200);
    const opened = await call<{ name: string }>(`${base}/${created.id}?purpose=${encodeURIComponent('核实身份信息')}`, KP.officer);
    expect(opened).toMatchObject({ status: 200, body: { name: person.name, cases: [expect.objectContaining({ kind: 'dispute' })] } });
    await waitFor(async () => (await call<KeyPersonTaskView[]>(`${base}/tasks`, KP.grid)).body.some((t) => t.personId === created.id), {
      what: 'the contact task',
      timeoutMs: 30_000,
    });
    const contact = await call(`${base}/${created.id}/contacts`, KP.grid, {
      kind: 'meeting',
      at: new Date(Date.now() - 1000).toISOString(),
      place: person.address,
      note: contactNote,
    });
    expect(contact.status).toBe(201);
    const assessment = await call<{ id: string }>(`${base}/${created.id}/assessments`, KP.officer, {
      formVersion: CURRENT_ASSESSMENT_FORM.version,
      answers: answers(),
      note: `${person.name}情绪激动`,
    });
    expect(assessment.status).toBe(201);
    expect((await call(`${base}/${created.id}/assessments/${assessment.body.id}/decision`, KP.leader, { approve: true })).status).toBe(200);
    const period = await call<SpecialPeriodView>(`${base}/special-periods`, KP.leader, {
      orgUnit: '621102101',
      name: '隐私测试特殊时期',
      startsOn: today,
      endsOn: today,
    });
    expect(period.status).toBe(201);
    await waitFor(
      async () => (await call<KeyPersonTaskView[]>(`${base}/tasks`, KP.grid)).body.some((t) => t.personId === created.id && t.obligation === 'daily-report'),
      { what: 'the daily-report task', timeoutMs: 30_000 },
    );
    const report = await call(`${base}/${created.id}/daily-reports`, KP.grid, {
      periodId: period.body.id,
      day: today,
      status: 'concern',
      note: `${person.name}外出`,
    });
    expect(report.status).toBe(201);
    expect((await call(`${base}/special-periods/${period.body.id}/missing?day=${today}`, KP.leader)).status).toBe(200);
    const exp = await call<KeyPersonExportView>(`${base}/exports`, KP.officer, { orgUnit: '621102101', purpose: '隐私测试导出' });
    expect((await call(`${base}/exports/${exp.body.id}/decision`, KP.leader, { approve: true })).status).toBe(200);
    const file = await call<string>(`${base}/exports/${exp.body.id}/file`, KP.officer);
    expect(file.status).toBe(200);
    expect(file.body).toContain(person.name); // the export does hold the person: it crossed the bus sealed
    expect((await call(`${base}/${created.id}/removal`, KP.officer, { reason: `${person.name}已稳定` })).status).toBe(200);
    expect((await call(`${base}/${created.id}/removal/decision`, KP.leader, { approve: true })).status).toBe(200);
  });

  it('refuses an opening without a purpose (422) and outside need-to-know (404), as problem+json, audited and listed', async () => {
    const created2 = await call<KeyPersonListItem>(base, KP.officer, registration(distinctivePerson('东方未白'), { idNumber: undefined, phone: undefined }));
    expect(created2.status).toBe(201);
    const id = created2.body.id;

    const noPurpose = await call(`${base}/${id}`, KP.officer);
    expect(noPurpose.status).toBe(422);
    expect(noPurpose.headers.get('content-type')).toContain('application/problem+json');
    expect(noPurpose.body).toMatchObject({ code: 'PURPOSE_REQUIRED', detail: expect.stringMatching(/用途.* \/ .*purpose/) });
    expect(noPurpose.body.errors).toEqual([expect.objectContaining({ path: 'purpose' })]);

    const sibling = await call(`${base}/${id}?purpose=${encodeURIComponent('随便看看')}`, KP.otherClerk);
    expect(sibling).toMatchObject({ status: 404, body: { code: 'KEY_PERSON_NOT_FOUND' } });
    // A leader of the neighbouring township: a decider, but not of this jurisdiction.
    const neighbour = await standInToken('leader', '621102102');
    cleanups.push(neighbour.remove);
    expect(await call(`${base}/${id}?purpose=${encodeURIComponent('跨辖区查看')}`, { token: neighbour.token })).toMatchObject({
      status: 404,
      body: { code: 'KEY_PERSON_NOT_FOUND' },
    });
    // Not the clerk's person either (not responsible, not an officer).
    expect((await call(`${base}/${id}?purpose=${encodeURIComponent('查看')}`, KP.clerk)).status).toBe(404);
    // Roles that never reach the register.
    expect((await call(`${base}/${id}?purpose=x1`, 'petition.621102')).status).toBe(403);

    const openings = await call<KeyPersonOpeningView[]>(`${base}/${id}/openings`, KP.officer);
    expect(openings.status).toBe(200);
    expect(openings.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: KP.officer, purpose: null, result: 'denied' }),
        expect.objectContaining({ actor: KP.otherClerk, purpose: '随便看看', result: 'denied' }),
        expect.objectContaining({ actor: KP.clerk, result: 'denied' }),
      ]),
    );
    expect(openings.body.filter((o) => o.result === 'denied')).toHaveLength(4);
    // Newest first.
    const times = openings.body.map((o) => Date.parse(o.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('left the name, ID number and phone on no NATS message', async () => {
    await p.ctx.nats.flush();
    const traffic = wire.join('\n');
    expect(traffic).toContain(created.id); // the run did cross the bus
    expect(wire.some((l) => l.includes('fq.key-persons.person.create'))).toBe(true);
    expect(wire.some((l) => l.includes('fq.key-persons.export.file'))).toBe(true);
    expect(wire.some((l) => l.includes('key-person.registered') || l.includes('.key-person.'))).toBe(true);
    expect(leaks(traffic)).toEqual([]);
  });

  it('left them in no log line of any app', () => {
    const apps = [p.gateway, p.intake, p.orchestrator, p.insights!, p.keyPersons!];
    for (const app of apps) expect(app.output.length).toBeGreaterThan(0);
    expect({ logs: leaks(apps.flatMap((a) => a.output.map((l) => `${a.name}: ${l}`)).join('\n')) }).toEqual({ logs: [] });
  });

  it('left them in no Temporal history of the supervision runs, raw or decrypted', async () => {
    const { connection, options } = p.ctx.temporal;
    const raw = new Client({ connection, namespace: options.namespace });
    const codec = temporalCodecFromEnv({ NODE_ENV: 'test', TEMPORAL_CODEC_KEYRING: process.env['TEMPORAL_CODEC_KEYRING'] });
    const history = await raw.workflow.getHandle(keyPersonWorkflowId(created.id, p.ctx.prefix)).fetchHistory();
    expect(history.events?.length).toBeGreaterThan(5);
    const asText = (h: unknown) => JSON.stringify(h, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v));
    expect(leaks(asText(history))).toEqual([]);

    // Decrypted, as a codec server would show it: ids, units, levels and times, nothing more.
    const decoded: string[] = [];
    const visit = async (v: unknown): Promise<void> => {
      if (!v || typeof v !== 'object' || v instanceof Uint8Array) return;
      const o = v as Record<string, unknown>;
      if (o['metadata'] && typeof o['metadata'] === 'object' && 'encoding' in (o['metadata'] as object)) {
        const [plain] = await codec.decode([o as temporal.api.common.v1.IPayload]);
        decoded.push(Buffer.from(plain?.data ?? new Uint8Array()).toString('utf8'));
        return;
      }
      for (const x of Object.values(o)) await visit(x);
    };
    await visit(history);
    expect(decoded.join('\n')).toContain(created.id); // decryption worked
    expect(leaks(decoded.join('\n'))).toEqual([]);
  });

  it('left them in no statistic and no board', async () => {
    let last: unknown;
    const stats = await waitFor(
      async () => {
        const r = await call<{ onRegister: number; contactsDue: number }>(`${base}/stats?orgUnit=621102101`, KP.leader);
        last = r;
        return r.status === 200 && r.body.onRegister >= 1 && r;
      },
      { what: 'the key-person figures', timeoutMs: 30_000 },
    ).catch((e: Error) => {
      throw new Error(`${e.message}; last answer ${JSON.stringify(last)}`);
    });
    const board = await call<{ keyPersons?: unknown }>('/api/v1/board?orgUnit=621102', KP.leader);
    expect(board.status).toBe(200);
    const officerStats = await call(`${base}/stats`, KP.officer);
    expect(officerStats.status).toBe(200);
    expect(leaks(JSON.stringify([stats.body, board.body, officerStats.body]))).toEqual([]);
    expect(JSON.stringify(stats.body)).not.toContain(created.id); // counts, not persons
  });

  it('stored them encrypted only, and audited every step without a value; the audit chain verifies', async () => {
    const tables = await p.ctx.sql<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'key_persons'`);
    expect(tables.length).toBeGreaterThan(3);
    const rows: string[] = [];
    for (const t of tables) {
      const r = await p.ctx.sql<{ j: unknown }>(`SELECT row_to_json(x) AS j FROM key_persons."${t.table_name}" x`);
      rows.push(...r.map((x) => `${t.table_name}: ${JSON.stringify(x.j)}`));
    }
    expect(rows.some((r) => r.includes(created.id))).toBe(true);
    expect(leaks(rows.join('\n'))).toEqual([]);

    const audit = await p.ctx.sql<{ action: string; result: string; subject_id: string; reason: string | null }>(
      `SELECT action, result, subject_id, reason FROM audit.entries ORDER BY seq`,
    );
    const actions = new Set(audit.map((a) => a.action));
    for (const a of [
      'key-person.create',
      'key-person.open',
      'key-person.contact',
      'key-person.assessment',
      'key-person.assessment-decision',
      'key-person.daily-report',
      'key-person.export-request',
      'key-person.export-decision',
      'key-person.export-file',
      'key-person.removal',
      'key-person.removal-decision',
    ])
      expect(actions).toContain(a);
    expect(audit.filter((a) => a.action === 'key-person.open' && a.result === 'denied').length).toBeGreaterThanOrEqual(4);
    expect(leaks(JSON.stringify(await p.ctx.sql('SELECT * FROM audit.entries')))).toEqual([]);

    const out = await runAppScript('intake', 'verify-audit.js', [], { DATABASE_URL: p.ctx.databaseUrl });
    expect(out).toMatch(new RegExp(`Audit log intact: ${audit.length} entries`));
  });
});
