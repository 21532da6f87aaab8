import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'intake', name: 'org_units' })
export class OrgUnitEntity {
  @PrimaryColumn('text') code!: string;
  @Column('text') name!: string;
  @Column({ name: 'name_en', type: 'text' }) nameEn!: string;
  @Column('text') level!: string;
  @Column({ name: 'parent_code', type: 'text', nullable: true }) parentCode!: string | null;
  @Column('text') path!: string;
}

@Entity({ schema: 'intake', name: 'categories' })
export class CategoryEntity {
  @PrimaryColumn('text') code!: string;
  @Column('text') name!: string;
  @Column({ name: 'name_en', type: 'text' }) nameEn!: string;
  @Column('boolean') active!: boolean;
}
