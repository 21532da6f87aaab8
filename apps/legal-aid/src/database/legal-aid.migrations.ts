import { AuditAppendEntries1765900070000, AuditReadOutbox1763900011000, CreateAudit1763900003000 } from '@fengqiao/audit';
import { CreateLegalAid1764900040000 } from './migrations/1764900040000-create-legal-aid';
import { LegalAidRowLevelSecurity1764900041000 } from './migrations/1764900041000-legal-aid-row-level-security';

/** In order; the data source and the migrate tool both read this list. The audit log (and its read outbox) is shared (idempotent DDL). */
export const legalAidMigrations = [
  CreateAudit1763900003000,
  AuditReadOutbox1763900011000,
  CreateLegalAid1764900040000,
  LegalAidRowLevelSecurity1764900041000,
  AuditAppendEntries1765900070000,
];
