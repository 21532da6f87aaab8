import { CreateAudit1763900003000 } from '@fengqiao/audit';
import { CreateKeyPersons1765000050000 } from './migrations/1765000050000-create-key-persons';
import { KeyPersonsRowLevelSecurity1765000051000 } from './migrations/1765000051000-key-persons-row-level-security';

/** In order; the data source and the migrate tool both read this list. The audit log is shared (idempotent DDL). */
export const keyPersonsMigrations = [CreateAudit1763900003000, CreateKeyPersons1765000050000, KeyPersonsRowLevelSecurity1765000051000];
