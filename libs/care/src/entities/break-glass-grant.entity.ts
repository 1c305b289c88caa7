import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Emergency access to one client's record by a staff member not on the team, for at most an hour. */
@Entity()
export class BreakGlassGrant {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @Column('uuid') clientId: string;
  @Column('uuid') staffUserId: string;
  @Column('text') reason: string;
  @Column('timestamptz') startsAt: Date;
  @Column('timestamptz') expiresAt: Date;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
}
