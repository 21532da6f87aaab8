import type { DataSource } from 'typeorm';
import type { PiiCipher } from '@fengqiao/pii';
import { inScope } from '../database/jurisdiction-scope';

export interface ReencryptionReport {
  scanned: number;
  reencrypted: number;
}

/**
 * After a key rotation (a new active key in PII_KEYRING, the old one kept for decryption),
 * rewrites every party's ID and phone number under the active key, in batches, so the old
 * key can later be retired. Blind indexes do not change (they have their own key).
 */
export async function reencryptParties(ds: DataSource, cipher: PiiCipher, batchSize = 500): Promise<ReencryptionReport> {
  const report: ReencryptionReport = { scanned: 0, reencrypted: 0 };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const done = await inScope(ds, { kind: 'system' }, async (m) => {
      const rows: Array<{ id: string; id_number_enc: string | null; phone_enc: string | null }> = await m.query(
        `SELECT id, id_number_enc, phone_enc FROM intake.case_parties WHERE id > $1 ORDER BY id LIMIT $2 FOR UPDATE`,
        [after, batchSize],
      );
      for (const r of rows) {
        report.scanned++;
        const rotate = (v: string | null) => (v && cipher.needsRotation(v) ? cipher.encrypt(cipher.decrypt(v)) : v);
        const [idNumber, phone] = [rotate(r.id_number_enc), rotate(r.phone_enc)];
        if (idNumber !== r.id_number_enc || phone !== r.phone_enc) {
          await m.query(`UPDATE intake.case_parties SET id_number_enc = $2, phone_enc = $3 WHERE id = $1`, [r.id, idNumber, phone]);
          report.reencrypted++;
        }
      }
      if (rows.length) after = rows[rows.length - 1]!.id;
      return rows.length < batchSize;
    });
    if (done) return report;
  }
}

/** The same for grid workers' phones (the grid register, `intake.grid_workers`), in one transaction. */
export async function reencryptGridWorkers(ds: DataSource, cipher: PiiCipher): Promise<ReencryptionReport> {
  return ds.transaction(async (m) => {
    const rows: Array<{ org_unit: string; position: number; phone_enc: string }> = await m.query(
      `SELECT org_unit, position, phone_enc FROM intake.grid_workers ORDER BY org_unit, position FOR UPDATE`,
    );
    let reencrypted = 0;
    for (const r of rows) {
      if (!cipher.needsRotation(r.phone_enc)) continue;
      await m.query(`UPDATE intake.grid_workers SET phone_enc = $3 WHERE org_unit = $1 AND position = $2`, [
        r.org_unit,
        r.position,
        cipher.encrypt(cipher.decrypt(r.phone_enc)),
      ]);
      reencrypted++;
    }
    return { scanned: rows.length, reencrypted };
  });
}
