import type { Subscription } from 'nats';
import type { CaseView } from '@fengqiao/contracts';
import { sampleCase, startPlatform, type Platform } from './platform.harness';
import { waitFor } from '@fengqiao/testing';

const ID_NUMBER = /\d{17}[\dXx]/;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

/** The first match with some context, so a failure shows where the leak is. */
function around(text: string, re: RegExp): string | undefined {
  const m = re.exec(text);
  return m ? text.slice(Math.max(0, m.index - 60), m.index + m[0].length + 20) : undefined;
}

let p: Platform;
let sub: Subscription;
const seen: string[] = [];

beforeAll(async () => {
  p = await startPlatform('wire');
  // Everything on the bus while the test runs: commands, replies (inboxes), events.
  // Every message that can carry application data: our subjects, and replies and JetStream
  // deliveries (inboxes). JetStream's control traffic ($JS.*: acks, pull requests) holds only
  // protocol numbers, some of them long digit runs, and is left out.
  sub = p.ctx.nats.subscribe('>', {
    callback: (_e, m) => {
      if (!m.subject.startsWith('$JS.')) seen.push(`${m.subject} ${m.headers?.toString() ?? ''} ${m.string()}`);
    },
  });
}, 180_000);

afterAll(async () => {
  sub?.unsubscribe();
  await p?.stop();
});

describe('personal data on NATS', () => {
  it('never travels in plain text: not in the create command, its reply, the event, nor an unmasking', async () => {
    const clerk = await p.ctx.tokenFor('clerk.621102101');
    const res = await p.api('/api/v1/cases', { method: 'POST', token: clerk, body: JSON.stringify(sampleCase()) });
    expect(res.status).toBe(201);
    const created = (await res.json()) as CaseView;
    const unmasked = await p.api(`/api/v1/cases/${created.id}/parties/0/unmask`, {
      method: 'POST',
      token: clerk,
      body: JSON.stringify({ reason: '联系当事人' }),
    });
    // The caller does get the plain values (over HTTPS in production) ...
    expect(await unmasked.json()).toMatchObject({ idNumber: '11010519491231002X', phone: '13812345678' });
    await p.api(`/api/v1/cases/${created.id}`, { token: clerk });
    // The event leaves through the outbox relay, after the reply: wait until it has crossed the bus.
    await waitFor(() => seen.some((l) => l.includes('cn.fengqiao.case.registered.v1') && l.includes(created.caseNo)), {
      what: 'the registered event on the bus',
    });
    await p.ctx.nats.flush();

    // ... but the bus carried the case (it is there), never the plain ID or phone number.
    const traffic = seen.join('\n');
    expect(traffic).toContain(created.caseNo);
    expect(seen.some((l) => l.includes('fq.intake.case.create'))).toBe(true);
    expect(seen.some((l) => l.includes('fq.intake.case.unmask-party'))).toBe(true);
    expect(seen.some((l) => l.includes('cn.fengqiao.case.registered.v1'))).toBe(true); // the event, as published and as delivered
    expect(around(traffic, ID_NUMBER)).toBeUndefined();
    expect(around(traffic, MOBILE)).toBeUndefined();
  });
});
