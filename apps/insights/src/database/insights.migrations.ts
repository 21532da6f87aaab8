import { CreateInsights1763900020000 } from './migrations/1763900020000-create-insights';
import { CreateMonthlyReports1763900040000 } from './migrations/1763900040000-create-monthly-reports';
import { PetitionFigures1763900060000 } from './migrations/1763900060000-petition-figures';
import { LegalAidFigures1763900080000 } from './migrations/1763900080000-legal-aid-figures';
import { KeyPersonFigures1763900100000 } from './migrations/1763900100000-key-person-figures';
import { SubtreeRollups1763900120000 } from './migrations/1763900120000-subtree-rollups';
import { GridActivity1763900140000 } from './migrations/1763900140000-grid-activity';
import { CaseGrid1763900160000 } from './migrations/1763900160000-case-grid';
import { FieldReports1763900180000 } from './migrations/1763900180000-field-reports';

/** In order; the data source and the migrate tool both read this list. */
export const insightsMigrations = [
  CreateInsights1763900020000,
  CreateMonthlyReports1763900040000,
  PetitionFigures1763900060000,
  LegalAidFigures1763900080000,
  KeyPersonFigures1763900100000,
  SubtreeRollups1763900120000,
  GridActivity1763900140000,
  CaseGrid1763900160000,
  FieldReports1763900180000,
];
