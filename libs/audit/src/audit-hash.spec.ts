import { createHash } from 'node:crypto';
import { auditHash, canonicalAt, canonicalJson, GENESIS_HASH, HASHED_FIELDS, jsonRoundTrip, type AuditRecord } from './audit-hash';

const record = (over: Partial<AuditRecord> = {}): AuditRecord => ({
  seq: 1,
  at: '2026-03-01T08:15:30.123000Z',
  actor_id: 'u-1',
  actor_name: '张三',
  actor_roles: ['mediator', 'staff'],
  actor_org_unit: '621102101',
  action: 'unmask.id-number',
  subject_type: 'case-party',
  subject_id: 'p-9',
  reason: '核实当事人身份',
  source_ip: '10.0.0.7',
  request_id: 'req-1',
  result: 'allowed',
  detail: { field: 'idNumber', caseNo: '621102101-2026-000001' },
  ...over,
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('gives the same text whatever the insertion order', () => {
    expect(canonicalJson({ x: 1, y: { p: 'a', q: 'b' } })).toBe(canonicalJson({ y: { q: 'b', p: 'a' }, x: 1 }));
  });

  it("follows JSON.stringify's rules for undefined, Dates and non-ASCII", () => {
    expect(canonicalJson({ a: undefined, b: [undefined], c: new Date('2026-01-01T00:00:00Z'), d: '调解' })).toBe(
      '{"b":[null],"c":"2026-01-01T00:00:00.000Z","d":"调解"}',
    );
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });

  it('round-trips detail as jsonb would give it back', () => {
    expect(jsonRoundTrip(undefined)).toBeNull();
    expect(jsonRoundTrip({ b: 2, a: undefined, when: new Date('2026-01-01T00:00:00Z') })).toEqual({ b: 2, when: '2026-01-01T00:00:00.000Z' });
  });
});

describe('canonicalAt', () => {
  it('writes UTC with six fractional digits', () => {
    expect(canonicalAt(new Date('2026-03-01T16:15:30.123+08:00'))).toBe('2026-03-01T08:15:30.123000Z');
    expect(canonicalAt('2026-03-01T08:15:30.123456Z')).toBe('2026-03-01T08:15:30.123456Z');
    expect(canonicalAt('2026-03-01T08:15:30Z')).toBe('2026-03-01T08:15:30.000000Z');
    expect(() => canonicalAt('yesterday')).toThrow(TypeError);
  });
});

describe('auditHash', () => {
  it('is sha256 over prev_hash followed by the canonical JSON of exactly the 14 hashed fields', () => {
    const r = record();
    const json = canonicalJson(Object.fromEntries(HASHED_FIELDS.map((f) => [f, r[f]])));
    expect(HASHED_FIELDS).toHaveLength(14);
    expect(json.startsWith('{"action":"unmask.id-number","actor_id":"u-1",')).toBe(true);
    expect(auditHash(GENESIS_HASH, r)).toBe(
      createHash('sha256')
        .update(GENESIS_HASH + json, 'utf8')
        .digest('hex'),
    );
    expect(auditHash(GENESIS_HASH, r)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is reproducible and ignores key order inside detail', () => {
    expect(auditHash('p', record({ detail: { a: 1, b: 2 } }))).toBe(auditHash('p', record({ detail: { b: 2, a: 1 } })));
  });

  it('changes with every hashed field and with prev_hash', () => {
    const base = auditHash(GENESIS_HASH, record());
    const changes: Partial<AuditRecord>[] = [
      { seq: 2 },
      { at: '2026-03-01T08:15:30.123001Z' },
      { actor_id: 'u-2' },
      { actor_name: null },
      { actor_roles: ['staff', 'mediator'] },
      { actor_org_unit: '621102102' },
      { action: 'read.key-person' },
      { subject_type: 'key-person' },
      { subject_id: 'p-8' },
      { reason: '核实' },
      { source_ip: '10.0.0.8' },
      { request_id: null },
      { result: 'denied' },
      { detail: null },
    ];
    expect(changes).toHaveLength(HASHED_FIELDS.length);
    for (const c of changes) expect(auditHash(GENESIS_HASH, record(c))).not.toBe(base);
    expect(auditHash('f'.repeat(64), record())).not.toBe(base);
  });

  it('treats a missing optional value as null', () => {
    const r = record();
    expect(auditHash('p', { ...r, reason: undefined as unknown as null })).toBe(auditHash('p', { ...r, reason: null }));
  });
});
