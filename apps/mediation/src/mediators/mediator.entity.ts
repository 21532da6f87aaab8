import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ schema: 'mediation', name: 'mediators' })
export class MediatorEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  /** Keycloak username of a mediator who logs in; null for one who does not. */
  @Column({ type: 'text', nullable: true }) username!: string | null;
  @Column({ name: 'org_unit', type: 'text' }) orgUnit!: string;
  @Column({ type: 'text', array: true }) teams!: string[];
  @Column('int') capacity!: number;
  @Column('boolean') active!: boolean;
  @Column({ name: 'last_assigned_at', type: 'timestamptz', nullable: true }) lastAssignedAt!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity({ schema: 'mediation', name: 'assignments' })
export class AssignmentEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ name: 'case_no', type: 'text' }) caseNo!: string;
  @Column({ name: 'mediator_id', type: 'uuid' }) mediatorId!: string;
  @Column({ name: 'org_unit', type: 'text' }) orgUnit!: string;
  @Column('text') team!: string;
  @Column({ name: 'assigned_at', type: 'timestamptz' }) assignedAt!: Date;
  @Column({ name: 'released_at', type: 'timestamptz', nullable: true }) releasedAt!: Date | null;
}
