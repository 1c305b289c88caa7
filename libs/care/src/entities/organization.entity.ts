import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A treatment programme: the tenant, and the 42 CFR Part 2 boundary. */
@Entity()
export class Organization {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('boolean', { default: false }) requireMfa: boolean;
  /** Calendars (feeds, invitations) show an in-home visit's address only when the programme opts in. */
  @Column('boolean', { default: false }) calendarLocations: boolean;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
}
