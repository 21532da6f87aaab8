import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  assessmentDecisionSchema,
  assessmentSchema,
  contactSchema,
  dailyReportSchema,
  KeyPersonEvents,
  measureAddSchema,
  ok,
  removalDecisionSchema,
  removalRequestSchema,
  responsibleChangeSchema,
  riskChangeSchema,
  summarySchema,
  type Caller,
  type KeyPersonListItem,
  type KeyPersonRiskLevel,
  type Reply,
} from '@fengqiao/contracts';
import { KeyPersonFailures, mayDecideKeyPerson, mayKeepKeyPerson, mayReportOnKeyPerson, scoreAssessment } from '@fengqiao/rules';
import { KeyPersonRequestFailures as Req } from './key-persons.failures';
import { DAY_MS, FUTURE_TOLERANCE_MS, isUuid, type KeyPersonRequest, type Loaded } from './key-persons.core';
import { KeyPersonsRegister } from './key-persons.register';

/** Writes on a record: contacts, risk, assessments and their decisions, responsible persons, measures, summaries, removal, daily reports. */
export abstract class KeyPersonsWork extends KeyPersonsRegister {
  async recordContact(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<{ id: string; kind: string; at: string }>> {
    const b = this.body(req, contactSchema, true);
    if (!b.ok) return b;
    const at = new Date(b.value.at);
    if (at.getTime() > this.now().getTime() + FUTURE_TOLERANCE_MS) return KeyPersonFailures.fail('CONTACT_IN_FUTURE');
    const id = randomUUID();
    const out = await this.guarded(
      c,
      req,
      'contact',
      (k, l) => mayReportOnKeyPerson(k, this.access(l)),
      async (m, l) => {
        await m.query(`INSERT INTO key_persons.contacts (id, person_id, kind, at, place_enc, note_enc, by, recorded_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, [
          id,
          l.person.id,
          b.value.kind,
          at,
          this.enc(b.value.place),
          this.enc(b.value.note),
          c.username,
          this.now(),
        ]);
        await this.audit(m, c, 'contact', l.person.id, { detail: { contactId: id, fields: Object.keys(b.value).sort() } });
        return ok({ id, kind: b.value.kind, at: at.toISOString() });
      },
    );
    if (out.ok) await this.signal(String(req!.personId), 'keyPersonContactRecorded', { contactId: id, at: at.toISOString() });
    return out;
  }

  private async changeLevel(m: EntityManager, c: Caller, l: Loaded, to: KeyPersonRiskLevel, reason: string | null, assessmentId: string | null) {
    const at = this.now();
    await m.query(
      `INSERT INTO key_persons.risk_changes (id, person_id, from_level, to_level, reason_enc, by, at, assessment_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [randomUUID(), l.person.id, l.person.risk_level, to, this.enc(reason), c.username, at, assessmentId],
    );
    await m.query(`UPDATE key_persons.persons SET risk_level = $2 WHERE id = $1`, [l.person.id, to]);
    if (to !== l.person.risk_level)
      await this.event(m, l.person.org_unit, KeyPersonEvents.riskChanged, l.person.id, {
        personId: l.person.id,
        orgUnit: l.person.org_unit,
        from: l.person.risk_level,
        to,
        at: at.toISOString(),
      });
  }

  async changeRisk(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<KeyPersonListItem>> {
    const b = this.body(req, riskChangeSchema, true);
    if (!b.ok) return b;
    const out = await this.guarded(
      c,
      req,
      'risk',
      (k, l) => mayKeepKeyPerson(k, this.access(l)),
      async (m, l) => {
        await this.changeLevel(m, c, l, b.value.riskLevel, b.value.reason, null);
        await this.audit(m, c, 'risk', l.person.id, { detail: { fields: ['riskLevel', 'reason'], to: b.value.riskLevel } });
        return ok(await this.item(m, l.person.id));
      },
    );
    if (out.ok) await this.signal(out.value.id, 'keyPersonRiskChanged', { riskLevel: b.value.riskLevel, at: this.now().toISOString() });
    return out;
  }

  async submitAssessment(
    c: Caller,
    req: KeyPersonRequest | undefined,
  ): Promise<Reply<{ id: string; score: number; proposedLevel: KeyPersonRiskLevel; status: 'proposed' }>> {
    const b = this.body(req, assessmentSchema, true);
    if (!b.ok) return b;
    const scored = scoreAssessment(b.value.formVersion, b.value.answers);
    if (!scored.ok) return KeyPersonFailures.fail('ASSESSMENT_INCOMPLETE', scored.errors);
    const id = randomUUID();
    return this.guarded(
      c,
      req,
      'assessment',
      (k, l) => mayKeepKeyPerson(k, this.access(l)),
      async (m, l) => {
        await m.query(
          `INSERT INTO key_persons.assessments (id, person_id, form_version, answers, score, proposed_level, status, note_enc, by, at)
         VALUES ($1,$2,$3,$4,$5,$6,'proposed',$7,$8,$9)`,
          [
            id,
            l.person.id,
            b.value.formVersion,
            JSON.stringify(b.value.answers),
            scored.score,
            scored.proposedLevel,
            this.enc(b.value.note),
            c.username,
            this.now(),
          ],
        );
        await this.audit(m, c, 'assessment', l.person.id, { detail: { assessmentId: id, fields: Object.keys(b.value).sort() } });
        return ok({ id, score: scored.score, proposedLevel: scored.proposedLevel, status: 'proposed' as const });
      },
    );
  }

  async decideAssessment(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<KeyPersonListItem>> {
    const b = this.body(req, assessmentDecisionSchema, true);
    if (!b.ok) return b;
    const aid = req?.assessmentId;
    let signal: { assessmentId: string; at: string; riskLevel: KeyPersonRiskLevel } | undefined;
    const out = await this.guarded(
      c,
      req,
      'assessment-decision',
      (k, l) => mayDecideKeyPerson(k, this.access(l)),
      async (m, l) => {
        const [a] = (
          isUuid(aid) ? await m.query(`SELECT * FROM key_persons.assessments WHERE id = $1 AND person_id = $2 FOR UPDATE`, [aid, l.person.id]) : []
        ) as Array<{ id: string; status: string; by: string; proposed_level: KeyPersonRiskLevel }>;
        if (!a) return Req.fail('ASSESSMENT_NOT_FOUND');
        if (a.status !== 'proposed') return KeyPersonFailures.fail('ALREADY_DECIDED');
        if (a.by === c.username) return KeyPersonFailures.fail('SELF_APPROVAL');
        const at = this.now();
        const level = b.value.riskLevel ?? a.proposed_level;
        await m.query(`UPDATE key_persons.assessments SET status = $2, decided_level = $3, decided_by = $4, decided_at = $5 WHERE id = $1`, [
          a.id,
          b.value.approve ? 'approved' : 'rejected',
          b.value.approve ? level : null,
          c.username,
          at,
        ]);
        if (b.value.approve) {
          await this.changeLevel(m, c, l, level, b.value.comment ?? null, a.id);
          signal = { assessmentId: a.id, at: at.toISOString(), riskLevel: level };
        }
        await this.audit(m, c, 'assessment-decision', l.person.id, {
          detail: { assessmentId: a.id, approve: b.value.approve, fields: Object.keys(b.value).sort() },
        });
        return ok(await this.item(m, l.person.id));
      },
    );
    if (!out.ok && out.problem['code'] === 'SELF_APPROVAL') await this.refuse(c, 'assessment-decision', String(req?.personId), out);
    if (out.ok && signal) await this.signal(out.value.id, 'keyPersonAssessmentApproved', signal);
    return out;
  }

  async setResponsible(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<KeyPersonListItem>> {
    const b = this.body(req, responsibleChangeSchema, true);
    if (!b.ok) return b;
    return this.guarded(
      c,
      req,
      'responsible',
      (k, l) => mayKeepKeyPerson(k, this.access(l)),
      async (m, l) => {
        await m.query(`DELETE FROM key_persons.responsible WHERE person_id = $1`, [l.person.id]);
        for (const r of b.value.responsible)
          await m.query(`INSERT INTO key_persons.responsible (person_id, username, role) VALUES ($1,$2,$3)`, [l.person.id, r.username, r.role]);
        await this.audit(m, c, 'responsible', l.person.id, {
          detail: { fields: ['responsible', 'reason'], usernames: b.value.responsible.map((r) => r.username) },
        });
        return ok(await this.item(m, l.person.id));
      },
    );
  }

  async addMeasure(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<{ id: string }>> {
    const b = this.body(req, measureAddSchema, true);
    if (!b.ok) return b;
    const id = randomUUID();
    return this.guarded(
      c,
      req,
      'measure',
      (k, l) => mayKeepKeyPerson(k, this.access(l)),
      async (m, l) => {
        await m.query(`INSERT INTO key_persons.measures (id, person_id, kind, text_enc, by, at) VALUES ($1,$2,$3,$4,$5,$6)`, [
          id,
          l.person.id,
          b.value.kind,
          this.enc(b.value.text),
          c.username,
          this.now(),
        ]);
        await this.audit(m, c, 'measure', l.person.id, { detail: { measureId: id, fields: ['kind', 'text'] } });
        return ok({ id });
      },
    );
  }

  async addSummary(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<{ id: string }>> {
    const b = this.body(req, summarySchema, true);
    if (!b.ok) return b;
    const id = randomUUID();
    const at = this.now();
    const out = await this.guarded(
      c,
      req,
      'summary',
      (k, l) => mayReportOnKeyPerson(k, this.access(l)),
      async (m, l) => {
        await m.query(`INSERT INTO key_persons.summaries (id, person_id, year, text_enc, by, at) VALUES ($1,$2,$3,$4,$5,$6)`, [
          id,
          l.person.id,
          b.value.year,
          this.enc(b.value.text),
          c.username,
          at,
        ]);
        await this.audit(m, c, 'summary', l.person.id, { detail: { summaryId: id, fields: ['text', 'year'] } });
        return ok({ id });
      },
    );
    if (out.ok) await this.signal(String(req!.personId), 'keyPersonSummaryRecorded', { year: b.value.year, at: at.toISOString() });
    return out;
  }

  async requestRemoval(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<KeyPersonListItem>> {
    const b = this.body(req, removalRequestSchema, true);
    if (!b.ok) return b;
    return this.guarded(
      c,
      req,
      'removal',
      (k, l) => mayKeepKeyPerson(k, this.access(l)),
      async (m, l) => {
        if (l.person.status === 'removal-requested') return KeyPersonFailures.fail('REMOVAL_PENDING');
        await m.query(`INSERT INTO key_persons.removals (id, person_id, reason_enc, requested_by, requested_at) VALUES ($1,$2,$3,$4,$5)`, [
          randomUUID(),
          l.person.id,
          this.enc(b.value.reason),
          c.username,
          this.now(),
        ]);
        await m.query(`UPDATE key_persons.persons SET status = 'removal-requested' WHERE id = $1`, [l.person.id]);
        await this.audit(m, c, 'removal', l.person.id, { detail: { fields: ['reason'] } });
        return ok(await this.item(m, l.person.id));
      },
    );
  }

  async decideRemoval(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<KeyPersonListItem>> {
    const b = this.body(req, removalDecisionSchema, true);
    if (!b.ok) return b;
    let removedAt: string | undefined;
    const out = await this.guarded(
      c,
      req,
      'removal-decision',
      (k, l) => mayDecideKeyPerson(k, this.access(l)),
      async (m, l) => {
        const [r] = (await m.query(
          `SELECT id, requested_by FROM key_persons.removals WHERE person_id = $1 AND decision IS NULL ORDER BY requested_at DESC LIMIT 1 FOR UPDATE`,
          [l.person.id],
        )) as Array<{ id: string; requested_by: string }>;
        if (!r || l.person.status !== 'removal-requested') return Req.fail('NO_REMOVAL_PENDING');
        if (r.requested_by === c.username) return KeyPersonFailures.fail('SELF_APPROVAL');
        const at = this.now();
        await m.query(`UPDATE key_persons.removals SET decision = $2, comment_enc = $3, decided_by = $4, decided_at = $5 WHERE id = $1`, [
          r.id,
          b.value.approve ? 'approved' : 'rejected',
          this.enc(b.value.comment),
          c.username,
          at,
        ]);
        if (b.value.approve) {
          const purgeAfter = new Date(at.getTime() + this.o.retentionDays * DAY_MS);
          await m.query(`UPDATE key_persons.persons SET status = 'archived', archived_at = $2, purge_after = $3 WHERE id = $1`, [l.person.id, at, purgeAfter]);
          await m.query(`UPDATE key_persons.obligations SET state = 'superseded' WHERE person_id = $1 AND state = 'open'`, [l.person.id]);
          await this.event(m, l.person.org_unit, KeyPersonEvents.removed, l.person.id, {
            personId: l.person.id,
            orgUnit: l.person.org_unit,
            category: l.person.category,
            at: at.toISOString(),
          });
          removedAt = at.toISOString();
        } else {
          await m.query(`UPDATE key_persons.persons SET status = 'active' WHERE id = $1`, [l.person.id]);
        }
        await this.audit(m, c, 'removal-decision', l.person.id, { detail: { approve: b.value.approve, fields: Object.keys(b.value).sort() } });
        return ok(await this.item(m, l.person.id));
      },
    );
    if (!out.ok && out.problem['code'] === 'SELF_APPROVAL') await this.refuse(c, 'removal-decision', String(req?.personId), out);
    if (out.ok && removedAt) await this.signal(out.value.id, 'keyPersonRemoved', { at: removedAt });
    return out;
  }

  async recordDailyReport(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<{ id: string }>> {
    const b = this.body(req, dailyReportSchema, true);
    if (!b.ok) return b;
    const id = randomUUID();
    const at = this.now();
    const out = await this.guarded(
      c,
      req,
      'daily-report',
      (k, l) => mayReportOnKeyPerson(k, this.access(l)),
      async (m, l) => {
        const [p] = (await m.query(`SELECT starts_on::text AS s, ends_on::text AS e FROM key_persons.special_periods WHERE id = $1`, [
          b.value.periodId,
        ])) as Array<{
          s: string;
          e: string;
        }>;
        if (!p) return Req.fail('PERIOD_NOT_FOUND');
        if (b.value.day < p.s || b.value.day > p.e) return KeyPersonFailures.fail('NO_SPECIAL_PERIOD_DAY');
        const rows = (await m.query(
          `INSERT INTO key_persons.daily_reports (id, person_id, period_id, day, status, note_enc, by, at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
         ON CONFLICT (person_id, period_id, day) DO UPDATE SET status = EXCLUDED.status, note_enc = EXCLUDED.note_enc, by = EXCLUDED.by, at = EXCLUDED.at
         RETURNING id`,
          [id, l.person.id, b.value.periodId, b.value.day, b.value.status, this.enc(b.value.note), c.username, at],
        )) as Array<{ id: string }>;
        await this.audit(m, c, 'daily-report', l.person.id, { detail: { periodId: b.value.periodId, day: b.value.day, fields: ['note', 'status'] } });
        return ok({ id: rows[0]!.id });
      },
    );
    if (out.ok)
      await this.signal(String(req!.personId), 'keyPersonDailyReportRecorded', { periodId: b.value.periodId, day: b.value.day, at: at.toISOString() });
    return out;
  }
}
