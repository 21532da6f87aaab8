import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RoutingRule } from '@fengqiao/contracts';
import type { HolidayNotice } from '@fengqiao/calendar';

/** One published version of the routing rules; rows are only ever inserted (a trigger refuses changes). */
@Entity({ schema: 'intake', name: 'routing_rules' })
export class RoutingRulesEntity {
  @PrimaryColumn('int') version!: number;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column('jsonb') rules!: RoutingRule[];
  @Column({ name: 'published_by', type: 'text' }) publishedBy!: string;
  @Column({ name: 'published_at', type: 'timestamptz' }) publishedAt!: Date;
}

/** A State Council notice an admin loaded for a year after the built-in ones. */
@Entity({ schema: 'intake', name: 'holiday_notices' })
export class HolidayNoticeEntity {
  @PrimaryColumn('int') year!: number;
  /** Document number, e.g. 国办发明电〔2026〕1号. */
  @Column('text') notice!: string;
  /** YYYY-MM-DD (a `date` column read back as a string). */
  @Column({ name: 'published_on', type: 'date' }) publishedOn!: string;
  @Column('jsonb') data!: HolidayNotice;
  @Column({ name: 'loaded_by', type: 'text' }) loadedBy!: string;
  @Column({ name: 'loaded_at', type: 'timestamptz' }) loadedAt!: Date;
}
