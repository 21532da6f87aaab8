import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The key_persons service's copy of the org tree: enough to decide whether a unit lies in a caller's subtree. */
@Entity({ schema: 'key_persons', name: 'org_units' })
export class OrgUnitEntity {
  @PrimaryColumn('text') code!: string;
  @Column({ name: 'parent_code', type: 'text', nullable: true }) parentCode!: string | null;
  @Column('text') path!: string;
}
