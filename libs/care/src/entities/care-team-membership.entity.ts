import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TeamRole } from '@attune/identity';

/** A staff member on a client's team for a period. Handoffs end one row and start another. */
@Entity()
export class CareTeamMembership {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @Column('uuid') clientId: string;
  @Column('uuid') staffUserId: string;
  @Column('text') teamRole: TeamRole;
  @Column('timestamptz') startsAt: Date;
  @Column('timestamptz', { nullable: true }) endsAt: Date | null;
  @Column('uuid') createdBy: string;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
}
