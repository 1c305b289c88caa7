import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A link of the audit hash chain: commits to every event with `at` before `cutoff`. */
@Entity()
export class AuditSeal {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('timestamptz', { default: () => 'now()' }) sealedAt: Date;
  @Column('timestamptz') cutoff: Date;
  @Column('int') eventCount: number;
  @Column('bigint', { nullable: true }) lastEventId: string | null;
  @Column('text') previousHead: string;
  @Column('text') head: string;
}
