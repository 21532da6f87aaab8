import type { CaseClock, CaseView } from '@fengqiao/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'intake', name: 'cases' })
export class CaseEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'case_no', type: 'text' }) caseNo!: string;
  @Column('text') kind!: string;
  @Column('text') category!: string;
  @Column('text') severity!: string;
  @Column('text') channel!: string;
  @Column('text') title!: string;
  @Column('text') description!: string;
  @Column('text') status!: string;
  @Column({ type: 'text', nullable: true }) outcome!: string | null;
  @Column('text') warning!: string;
  @Column({ name: 'org_unit', type: 'text' }) orgUnit!: string;
  /** The org unit's materialised path; row-level security filters on it. */
  @Column({ name: 'org_path', type: 'text' }) orgPath!: string;
  @Column({ type: 'jsonb', nullable: true }) assignee!: { id: string; name: string; role: string } | null;
  @Column({ name: 'first_reply_due', type: 'timestamptz', nullable: true }) firstReplyDue!: Date | null;
  @Column({ name: 'mediation_due', type: 'timestamptz', nullable: true }) mediationDue!: Date | null;
  @Column({ name: 'joint_handling_due', type: 'timestamptz', nullable: true }) jointHandlingDue!: Date | null;
  @Column({ name: 'deadlines_provisional', type: 'boolean' }) deadlinesProvisional!: boolean;
  @Column({ name: 'occurred_at', type: 'timestamptz', nullable: true }) occurredAt!: Date | null;
  @Column({ type: 'jsonb', nullable: true }) location!: Record<string, unknown> | null;
  @Column({ name: 'workflow_id', type: 'text' }) workflowId!: string;
  @Column({ name: 'registered_by', type: 'text' }) registeredBy!: string;
  /** The registration's Idempotency-Key (unique per registering user). */
  @Column({ name: 'request_key', type: 'text', nullable: true }) requestKey!: string | null;
  /** The system that sent the case (`12345`) and its reference there (the work order number); unique together. */
  @Column({ name: 'external_system', type: 'text', nullable: true }) externalSystem!: string | null;
  @Column({ name: 'external_ref', type: 'text', nullable: true }) externalRef!: string | null;
  @Column({ name: 'rule_version', type: 'int', nullable: true }) ruleVersion!: number | null;
  @Column({ type: 'text', nullable: true }) tier!: string | null;
  @Column({ type: 'text', nullable: true }) team!: string | null;
  @Column({ type: 'jsonb' }) clocks!: CaseClock[];
  @Column({ name: 'allowed_actions', type: 'jsonb' }) allowedActions!: string[];
  @Column({ name: 'clock_actions', type: 'jsonb' }) clockActions!: string[];
  @Column({ name: 'extension_request', type: 'jsonb', nullable: true }) extensionRequest!: CaseView['extensionRequest'];
  @Column({ type: 'jsonb', nullable: true }) mediator!: CaseView['mediator'];
  @Column({ type: 'jsonb', nullable: true }) joint!: CaseView['joint'];
  @Column({ type: 'int', nullable: true }) rating!: number | null;
  /** Merged into this case (the same matter brought twice): no action is taken on this one. */
  @Column({ name: 'merged_into', type: 'uuid', nullable: true }) mergedInto!: string | null;
  /** Sequence number of the last transition the workflow recorded. */
  @Column({ name: 'last_seq', type: 'int' }) lastSeq!: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ schema: 'intake', name: 'case_parties' })
export class CasePartyEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column('int') ordinal!: number;
  @Column('text') role!: string;
  @Column('text') name!: string;
  @Column({ name: 'id_number_enc', type: 'text', nullable: true }) idNumberEnc!: string | null;
  @Column({ name: 'id_number_bidx', type: 'text', nullable: true }) idNumberBidx!: string | null;
  @Column({ name: 'id_number_masked', type: 'text', nullable: true }) idNumberMasked!: string | null;
  @Column({ name: 'phone_enc', type: 'text', nullable: true }) phoneEnc!: string | null;
  @Column({ name: 'phone_bidx', type: 'text', nullable: true }) phoneBidx!: string | null;
  @Column({ name: 'phone_masked', type: 'text', nullable: true }) phoneMasked!: string | null;
}

@Entity({ schema: 'intake', name: 'case_timeline' })
export class CaseTimelineEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment' }) id!: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column('timestamptz') at!: Date;
  @Column('text') type!: string;
  @Column('text') actor!: string;
  @Column('jsonb') detail!: Record<string, unknown>;
  /** The workflow's transition number (null for the registration row). */
  @Column({ type: 'int', nullable: true }) seq!: number | null;
}

/** 督办: opened when a clock turns red, for the leader of the clock's org unit; closed when the clock stops. */
@Entity({ schema: 'intake', name: 'supervision_items' })
export class SupervisionItemEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment' }) id!: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ name: 'case_no', type: 'text' }) caseNo!: string;
  @Column({ name: 'clock_id', type: 'text' }) clockId!: string;
  @Column({ name: 'org_unit', type: 'text' }) orgUnit!: string;
  @Column({ name: 'org_path', type: 'text' }) orgPath!: string;
  @Column({ name: 'addressed_to', type: 'text' }) addressedTo!: string;
  @Column('text') reason!: string;
  @Column('timestamptz') due!: Date;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt!: Date;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
}
