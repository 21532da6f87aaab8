import type { EntityManager } from 'typeorm';
import { type KeyPersonRecordView, type KeyPersonRiskLevel, type ObligationView } from '@fengqiao/contracts';
import { iso, KeyPersonsCore, type Loaded } from './key-persons.core';

/** The full record as an opening shows it (decrypted here, sealed by the caller before it leaves). */
export abstract class KeyPersonsRecords extends KeyPersonsCore {
  protected async record(m: EntityManager, l: Loaded): Promise<KeyPersonRecordView> {
    const p = l.person;
    const id = p.id;
    const q = async <R>(sql: string) => (await m.query(sql, [id])) as R[];
    const measures = await q<{ id: string; kind: 'help' | 'control'; text_enc: string | null; by: string; at: Date }>(
      `SELECT * FROM key_persons.measures WHERE person_id = $1 ORDER BY at, id`,
    );
    const contacts = await q<{ id: string; kind: 'meeting'; at: Date; place_enc: string | null; note_enc: string | null; by: string; recorded_at: Date }>(
      `SELECT * FROM key_persons.contacts WHERE person_id = $1 ORDER BY at DESC, id`,
    );
    const risks = await q<{
      from_level: KeyPersonRiskLevel | null;
      to_level: KeyPersonRiskLevel;
      reason_enc: string | null;
      by: string;
      at: Date;
      assessment_id: string | null;
    }>(`SELECT * FROM key_persons.risk_changes WHERE person_id = $1 ORDER BY at, id`);
    const assessments = await q<{
      id: string;
      form_version: number;
      answers: Record<string, string>;
      score: number;
      proposed_level: KeyPersonRiskLevel;
      status: 'proposed' | 'approved' | 'rejected';
      decided_level: KeyPersonRiskLevel | null;
      note_enc: string | null;
      by: string;
      at: Date;
      decided_by: string | null;
      decided_at: Date | null;
    }>(`SELECT * FROM key_persons.assessments WHERE person_id = $1 ORDER BY at DESC, id`);
    const summaries = await q<{ id: string; year: number; text_enc: string | null; by: string; at: Date }>(
      `SELECT * FROM key_persons.summaries WHERE person_id = $1 ORDER BY year DESC, at DESC`,
    );
    const obligations = await q<{
      obligation: ObligationView['obligation'];
      due_at: Date;
      colour: ObligationView['colour'];
      period_id: string | null;
      day: string | null;
    }>(`SELECT obligation, due_at, colour, period_id, day::text AS day FROM key_persons.obligations WHERE person_id = $1 AND state = 'open' ORDER BY due_at`);
    const [removal] = await q<{ reason_enc: string | null; requested_by: string; requested_at: Date; decided_by: string | null; decided_at: Date | null }>(
      `SELECT * FROM key_persons.removals WHERE person_id = $1 ORDER BY requested_at DESC LIMIT 1`,
    );
    return {
      id,
      name: this.dec(p.name_enc) ?? '',
      idNumber: this.dec(p.id_number_enc),
      phone: this.dec(p.phone_enc),
      gender: p.gender,
      address: this.dec(p.address_enc),
      description: this.dec(p.description_enc) ?? '',
      category: p.category,
      riskLevel: p.risk_level,
      orgUnit: p.org_unit,
      status: p.status,
      registeredAt: iso(p.registered_at)!,
      registeredBy: p.registered_by,
      responsible: l.responsible,
      measures: measures.map((x) => ({ id: x.id, kind: x.kind, text: this.dec(x.text_enc) ?? '', by: x.by, at: iso(x.at)! })),
      contacts: contacts.map((x) => ({
        id: x.id,
        kind: x.kind,
        at: iso(x.at)!,
        place: this.dec(x.place_enc),
        note: this.dec(x.note_enc) ?? '',
        by: x.by,
        recordedAt: iso(x.recorded_at)!,
      })),
      riskHistory: risks.map((x) => ({
        from: x.from_level,
        to: x.to_level,
        reason: this.dec(x.reason_enc) ?? '',
        by: x.by,
        at: iso(x.at)!,
        assessmentId: x.assessment_id,
      })),
      assessments: assessments.map((x) => ({
        id: x.id,
        formVersion: x.form_version,
        answers: x.answers,
        score: x.score,
        proposedLevel: x.proposed_level,
        status: x.status,
        decidedLevel: x.decided_level,
        by: x.by,
        at: iso(x.at)!,
        decidedBy: x.decided_by,
        decidedAt: iso(x.decided_at),
        note: this.dec(x.note_enc),
      })),
      summaries: summaries.map((x) => ({ id: x.id, year: x.year, text: this.dec(x.text_enc) ?? '', by: x.by, at: iso(x.at)! })),
      obligations: obligations.map((x) => ({
        obligation: x.obligation,
        dueAt: iso(x.due_at)!,
        colour: x.colour,
        ...(x.period_id ? { periodId: x.period_id } : {}),
        ...(x.day ? { day: x.day } : {}),
      })),
      removal: removal
        ? {
            reason: this.dec(removal.reason_enc) ?? '',
            requestedBy: removal.requested_by,
            requestedAt: iso(removal.requested_at)!,
            decidedBy: removal.decided_by,
            decidedAt: iso(removal.decided_at),
          }
        : null,
      cases: [],
    };
  }

  /** Who opened the record, from the audit log (newest first); reading the list is itself audited. */
}
