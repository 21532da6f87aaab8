import { AuditAppendEntries1765900070000, AuditReadOutbox1763900011000, CreateAudit1763900003000 } from '@fengqiao/audit';
import { CreatePetitions1763900030000 } from './migrations/1763900030000-create-petitions';
import { PetitionsRowLevelSecurity1763900031000 } from './migrations/1763900031000-petitions-row-level-security';

/** In order; the data source and the migrate tool both read this list. The audit log (and its read outbox) is shared (idempotent DDL). */
export const petitionsMigrations = [
  CreateAudit1763900003000,
  AuditReadOutbox1763900011000,
  CreatePetitions1763900030000,
  PetitionsRowLevelSecurity1763900031000,
  AuditAppendEntries1765900070000,
];
