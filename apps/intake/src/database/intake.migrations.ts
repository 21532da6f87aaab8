import { CreateIntake1763900000000 } from './migrations/1763900000000-create-intake';
import { AuditAppendEntries1765900070000, AuditReadOutbox1763900011000, CreateAudit1763900003000 } from '@fengqiao/audit';
import { CasesRowLevelSecurity1763900002000 } from './migrations/1763900002000-cases-row-level-security';
import { DisputePath1763900005000 } from './migrations/1763900005000-dispute-path';
import { RoutingRulesAndHolidays1763900004000 } from './migrations/1763900004000-routing-rules-and-holidays';
import { OutboxBulkLane1763900006000 } from './migrations/1763900006000-outbox-bulk-lane';
import { RequestKeysAndFirstContactClerks1763900007000 } from './migrations/1763900007000-request-keys-and-first-contact-clerks';
import { People1763900008000 } from './migrations/1763900008000-people';
import { CaseLinks1763900009000 } from './migrations/1763900009000-case-links';
import { ReferralLinks1763900010000 } from './migrations/1763900010000-referral-links';
import { GridRegister1763900012000 } from './migrations/1763900012000-grid-register';
import { CheckIns1763900013000 } from './migrations/1763900013000-check-ins';
import { Attachments1763900016000 } from './migrations/1763900016000-attachments';
import { FieldReports1763900017000 } from './migrations/1763900017000-field-reports';
import { FieldReportPhotos1763900018000 } from './migrations/1763900018000-field-report-photos';
import { Points1763900020000 } from './migrations/1763900020000-points';
import { CaseExternalRefs1763900021600 } from './migrations/1763900021600-case-external-refs';

/** In order; the data source and the migrate tool both read this list. */
// The audit schema is intake's to create (it holds the personal data that unmasking reveals).
export const intakeMigrations = [
  CreateIntake1763900000000,
  CasesRowLevelSecurity1763900002000,
  CreateAudit1763900003000,
  RoutingRulesAndHolidays1763900004000,
  DisputePath1763900005000,
  OutboxBulkLane1763900006000,
  RequestKeysAndFirstContactClerks1763900007000,
  People1763900008000,
  CaseLinks1763900009000,
  ReferralLinks1763900010000,
  AuditReadOutbox1763900011000,
  GridRegister1763900012000,
  CheckIns1763900013000,
  Attachments1763900016000,
  FieldReports1763900017000,
  FieldReportPhotos1763900018000,
  Points1763900020000,
  CaseExternalRefs1763900021600,
  AuditAppendEntries1765900070000,
];
