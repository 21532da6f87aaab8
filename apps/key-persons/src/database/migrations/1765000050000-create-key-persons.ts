import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTable, dropOutboxTable } from '@fengqiao/messaging';

/** The categories of the register: data, not code (a township may add its own). */
const CATEGORIES: Array<[string, string, string]> = [
  ['long-term-petitioner', '长期上访人员', 'Long-term petitioner'],
  ['major-dispute-party', '重大矛盾纠纷当事人', 'Party to a major dispute'],
  ['community-correction', '社区矫正对象', 'Under community correction'],
  ['released-prisoner', '刑满释放人员', 'Released from prison'],
  ['mental-illness-care', '严重精神障碍患者', 'Serious mental illness under care'],
  ['other', '其他', 'Other'],
];

/**
 * The key-person register. Every text that identifies or describes a person is a `*_enc` column
 * (PiiCipher); the ID number also has a blind index. Nothing else here names a person.
 */
export class CreateKeyPersons1765000050000 implements MigrationInterface {
  name = 'CreateKeyPersons1765000050000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS key_persons`);
    await q.query(
      `CREATE TABLE key_persons.org_units (code text PRIMARY KEY, parent_code text REFERENCES key_persons.org_units(code), path text NOT NULL UNIQUE)`,
    );
    await q.query(
      `CREATE TABLE key_persons.categories (code text PRIMARY KEY, name text NOT NULL, name_en text NOT NULL, active boolean NOT NULL DEFAULT true)`,
    );
    for (const [code, name, nameEn] of CATEGORIES) {
      await q.query(`INSERT INTO key_persons.categories (code, name, name_en) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING`, [code, name, nameEn]);
    }
    await q.query(`CREATE TABLE key_persons.persons (
      id uuid PRIMARY KEY,
      org_unit text NOT NULL,
      org_path text,
      category text NOT NULL REFERENCES key_persons.categories(code),
      risk_level text NOT NULL CHECK (risk_level IN ('low','medium','high')),
      status text NOT NULL CHECK (status IN ('active','removal-requested','archived')),
      name_enc text,
      name_masked text,
      id_number_enc text,
      id_index text,
      phone_enc text,
      gender text CHECK (gender IN ('female','male')),
      address_enc text,
      description_enc text,
      registered_by text NOT NULL,
      registered_at timestamptz NOT NULL,
      archived_at timestamptz,
      purge_after timestamptz,
      purged_at timestamptz
    )`);
    await q.query(`CREATE INDEX persons_org_unit ON key_persons.persons (org_unit)`);
    await q.query(`CREATE INDEX persons_org_path ON key_persons.persons (org_path text_pattern_ops)`);
    // One person on the register once (while not purged): the duplicate check and the person file.
    await q.query(`CREATE UNIQUE INDEX persons_id_index ON key_persons.persons (id_index) WHERE id_index IS NOT NULL AND status <> 'archived'`);
    await q.query(`CREATE TABLE key_persons.responsible (
      person_id uuid NOT NULL REFERENCES key_persons.persons(id) ON DELETE CASCADE,
      username text NOT NULL,
      role text NOT NULL CHECK (role IN ('cadre','grid-worker','police')),
      PRIMARY KEY (person_id, username)
    )`);
    await q.query(`CREATE INDEX responsible_username ON key_persons.responsible (username)`);
    await q.query(`CREATE TABLE key_persons.risk_changes (
      id uuid PRIMARY KEY, person_id uuid NOT NULL REFERENCES key_persons.persons(id) ON DELETE CASCADE,
      from_level text, to_level text NOT NULL, reason_enc text, by text NOT NULL, at timestamptz NOT NULL, assessment_id uuid
    )`);
    await q.query(`CREATE TABLE key_persons.measures (
      id uuid PRIMARY KEY, person_id uuid NOT NULL REFERENCES key_persons.persons(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('help','control')), text_enc text, by text NOT NULL, at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE key_persons.contacts (
      id uuid PRIMARY KEY, person_id uuid NOT NULL REFERENCES key_persons.persons(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('meeting','phone','visit')), at timestamptz NOT NULL, place_enc text, note_enc text,
      by text NOT NULL, recorded_at timestamptz NOT NULL
    )`);
    // Answers are option ids of the form (not personal); the note is.
    await q.query(`CREATE TABLE key_persons.assessments (
      id uuid PRIMARY KEY, person_id uuid NOT NULL REFERENCES key_persons.persons(id) ON DELETE CASCADE,
      form_version int NOT NULL, answers jsonb NOT NULL, score int NOT NULL, proposed_level text NOT NULL,
      status text NOT NULL CHECK (status IN ('proposed','approved','rejected')), decided_level text, note_enc text,
      by text NOT NULL, at timestamptz NOT NULL, decided_by text, decided_at timestamptz
    )`);
    await q.query(`CREATE TABLE key_persons.summaries (
      id uuid PRIMARY KEY, person_id uuid NOT NULL REFERENCES key_persons.persons(id) ON DELETE CASCADE,
      year int NOT NULL, text_enc text, by text NOT NULL, at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE key_persons.removals (
      id uuid PRIMARY KEY, person_id uuid NOT NULL REFERENCES key_persons.persons(id) ON DELETE CASCADE,
      reason_enc text, requested_by text NOT NULL, requested_at timestamptz NOT NULL,
      decision text CHECK (decision IN ('approved','rejected')), comment_enc text, decided_by text, decided_at timestamptz
    )`);
    await q.query(`CREATE TABLE key_persons.special_periods (
      id uuid PRIMARY KEY, org_unit text NOT NULL, org_path text, name text NOT NULL, starts_on date NOT NULL, ends_on date NOT NULL,
      declared_by text NOT NULL, declared_at timestamptz NOT NULL, persons int NOT NULL DEFAULT 0
    )`);
    await q.query(`CREATE TABLE key_persons.daily_reports (
      id uuid PRIMARY KEY, person_id uuid NOT NULL REFERENCES key_persons.persons(id) ON DELETE CASCADE,
      period_id uuid NOT NULL REFERENCES key_persons.special_periods(id), day date NOT NULL,
      status text NOT NULL CHECK (status IN ('stable','concern')), note_enc text, by text NOT NULL, at timestamptz NOT NULL,
      UNIQUE (person_id, period_id, day)
    )`);
    // The run's obligations as the service sees them: one open row per person+key, history kept.
    await q.query(`CREATE TABLE key_persons.obligations (
      id uuid PRIMARY KEY, person_id uuid NOT NULL REFERENCES key_persons.persons(id) ON DELETE CASCADE,
      key text NOT NULL, obligation text NOT NULL, due_at timestamptz NOT NULL, red_at timestamptz,
      colour text NOT NULL DEFAULT 'green' CHECK (colour IN ('green','yellow','red')),
      state text NOT NULL DEFAULT 'open' CHECK (state IN ('open','met','superseded')),
      met_at timestamptz, on_time boolean, period_id uuid, day date, created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (person_id, key, due_at)
    )`);
    await q.query(`CREATE UNIQUE INDEX obligations_open ON key_persons.obligations (person_id, key) WHERE state = 'open'`);
    await q.query(`CREATE TABLE key_persons.warnings (
      id uuid PRIMARY KEY, person_id uuid NOT NULL REFERENCES key_persons.persons(id) ON DELETE CASCADE,
      key text NOT NULL, obligation text NOT NULL, colour text NOT NULL CHECK (colour IN ('yellow','red')),
      due_at timestamptz NOT NULL, at timestamptz NOT NULL, period_id uuid, day date,
      UNIQUE (person_id, key, due_at, colour)
    )`);
    await q.query(`CREATE TABLE key_persons.exports (
      id uuid PRIMARY KEY, org_unit text NOT NULL, org_path text, purpose text NOT NULL,
      status text NOT NULL CHECK (status IN ('requested','approved','rejected','downloaded')),
      requested_by text NOT NULL, requested_at timestamptz NOT NULL, decided_by text, decided_at timestamptz, fetched_at timestamptz
    )`);
    await createOutboxTable(q, 'key_persons');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropOutboxTable(q, 'key_persons');
    for (const t of [
      'exports',
      'warnings',
      'obligations',
      'daily_reports',
      'special_periods',
      'removals',
      'summaries',
      'assessments',
      'contacts',
      'measures',
      'risk_changes',
      'responsible',
      'persons',
      'categories',
      'org_units',
    ])
      await q.query(`DROP TABLE key_persons.${t}`);
  }
}
