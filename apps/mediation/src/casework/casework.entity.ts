import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'mediation', name: 'sessions' })
export class SessionEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @PrimaryColumn('int') seq!: number;
  @Column({ name: 'case_no', type: 'text' }) caseNo!: string;
  @Column({ name: 'mediator_id', type: 'uuid', nullable: true }) mediatorId!: string | null;
  @Column('timestamptz') at!: Date;
  @Column('text') summary!: string;
  @Column('jsonb') participants!: string[];
}

@Entity({ schema: 'mediation', name: 'agreements' })
export class AgreementEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ name: 'case_no', type: 'text' }) caseNo!: string;
  @Column('text') text!: string;
  @Column({ name: 'signed_at', type: 'timestamptz' }) signedAt!: Date;
  @Column({ name: 'confirmation_due', type: 'timestamptz' }) confirmationDue!: Date;
  @Column({ name: 'confirmation_result', type: 'text', nullable: true }) confirmationResult!: 'confirmed' | 'rejected' | 'lapsed' | null;
  @Column({ type: 'text', nullable: true }) court!: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) reference!: string | null;
}

@Entity({ schema: 'mediation', name: 'joint_parts' })
export class JointPartEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @PrimaryColumn('text') department!: string;
  @PrimaryColumn({ name: 'org_unit', type: 'text' }) orgUnit!: string;
  @Column({ name: 'case_no', type: 'text' }) caseNo!: string;
  @Column({ name: 'lead_org_unit', type: 'text' }) leadOrgUnit!: string;
  /** The org units of the deployment that opened the part, comma-separated. */
  @Column({ name: 'handled_by', type: 'text' }) handledBy!: string;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt!: Date;
  @Column({ name: 'report_in_due', type: 'timestamptz' }) reportInDue!: Date;
  @Column({ name: 'reported_in_at', type: 'timestamptz', nullable: true }) reportedInAt!: Date | null;
  @Column({ name: 'reported_in_by', type: 'text', nullable: true }) reportedInBy!: string | null;
  @Column({ name: 'result_at', type: 'timestamptz', nullable: true }) resultAt!: Date | null;
  @Column({ name: 'result_by', type: 'text', nullable: true }) resultBy!: string | null;
  @Column({ name: 'result_summary', type: 'text', nullable: true }) resultSummary!: string | null;
}

@Entity({ schema: 'mediation', name: 'return_visits' })
export class ReturnVisitEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ name: 'case_no', type: 'text' }) caseNo!: string;
  /** The case's org unit (the first part of its case number): what jurisdiction filters on. */
  @Column({ name: 'org_unit', type: 'text' }) orgUnit!: string;
  @Column('text') reason!: 'failed' | 'low-rating';
  @Column({ name: 'scheduled_at', type: 'timestamptz' }) scheduledAt!: Date;
  @Column('timestamptz') due!: Date;
  @Column({ name: 'done_at', type: 'timestamptz', nullable: true }) doneAt!: Date | null;
  @Column({ name: 'done_by', type: 'text', nullable: true }) doneBy!: string | null;
  @Column({ type: 'text', nullable: true }) summary!: string | null;
  @Column({ type: 'boolean', nullable: true }) resolved!: boolean | null;
  @Column({ name: 'handled_by', type: 'text' }) handledBy!: string;
}
