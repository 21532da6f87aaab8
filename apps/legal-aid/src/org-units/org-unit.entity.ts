import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The legal-aid service's copy of the org tree: jurisdiction, and the ancestors a standard or a provider may sit at. */
@Entity({ schema: 'legal_aid', name: 'org_units' })
export class OrgUnitEntity {
  @PrimaryColumn('text') code!: string;
  @Column({ name: 'parent_code', type: 'text', nullable: true }) parentCode!: string | null;
  @Column('text') path!: string;
}
