import { CreateLegalAid1764900040000 } from './migrations/1764900040000-create-legal-aid';
import { LegalAidRowLevelSecurity1764900041000 } from './migrations/1764900041000-legal-aid-row-level-security';

/** In order; the data source and the migrate tool both read this list. */
export const legalAidMigrations = [CreateLegalAid1764900040000, LegalAidRowLevelSecurity1764900041000];
