import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'hotline', name: 'orders' })
export class HotlineOrderEntity {
  @PrimaryColumn('text') centre!: string;
  @PrimaryColumn({ name: 'order_no', type: 'text' }) orderNo!: string;
  /** None while the order is `registering` (stored before intake answered). */
  @Column({ name: 'case_id', type: 'uuid', nullable: true }) caseId!: string | null;
  @Column({ name: 'case_no', type: 'text', nullable: true }) caseNo!: string | null;
  @Column({ name: 'org_unit', type: 'text' }) orgUnit!: string;
  /** The case's unit path: the staff's jurisdiction over the order is checked on it (libs/rules). */
  @Column({ name: 'org_path', type: 'text', nullable: true }) orgPath!: string | null;
  @Column('text') category!: string;
  @Column({ type: 'timestamptz', nullable: true }) deadline!: Date | null;
  /** `registering`: stored, its case not yet registered (a repeated push finishes it); then the staff's answer. */
  @Column('text') status!: 'registering' | 'dispatched' | 'accepted' | 'objected';
  @Column({ name: 'accepted_by', type: 'text', nullable: true }) acceptedBy!: string | null;
  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true }) acceptedAt!: Date | null;
  @Column({ name: 'objection_reason', type: 'text', nullable: true }) objectionReason!: string | null;
  @Column({ name: 'objected_by', type: 'text', nullable: true }) objectedBy!: string | null;
  @Column({ name: 'objected_at', type: 'timestamptz', nullable: true }) objectedAt!: Date | null;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column({ name: 'last_push_seq', type: 'int' }) lastPushSeq!: number;
  /** Marked by the order's deadline run (workflows/hotline-order) through the adapter's activities. */
  @Column({ name: 'deadline_warned_at', type: 'timestamptz', nullable: true }) deadlineWarnedAt!: Date | null;
  @Column({ name: 'overdue_at', type: 'timestamptz', nullable: true }) overdueAt!: Date | null;
  /** When the case's result was recorded: the deadline no longer runs. */
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
}

@Entity({ schema: 'hotline', name: 'pushes' })
export class HotlinePushEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') centre!: string;
  @Column({ name: 'order_no', type: 'text' }) orderNo!: string;
  @Column('int') seq!: number;
  @Column('text') kind!: 'accepted' | 'objection' | 'progress' | 'result' | 'return-visit';
  // The push as sent (formats/hotline-format.ts OutboundPush).
  @Column('jsonb') payload!: object;
  @Column('text') status!: 'held' | 'pending' | 'delivered' | 'dropped';
  @Column('int') attempts!: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  @Column({ name: 'next_attempt_at', type: 'timestamptz' }) nextAttemptAt!: Date;
  @Column({ name: 'source_event_id', type: 'text', nullable: true }) sourceEventId!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt!: Date | null;
}

export const hotlineEntities = [HotlineOrderEntity, HotlinePushEntity];
