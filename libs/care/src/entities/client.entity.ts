import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const CONNECTIVITY = ['broadband', 'mobile_data', 'phone_only'] as const;
export type Connectivity = (typeof CONNECTIVITY)[number];
export const CLIENT_STATUSES = ['intake', 'active', 'aftercare', 'discharged'] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

/** A person in treatment. Contact details and time zone are on their user account. */
@Entity()
export class Client {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @Column('uuid', { unique: true }) userId: string;
  @Column('text') preferredName: string;
  @Column('text') connectivity: Connectivity;
  @Column('text', { default: 'intake' }) status: ClientStatus;
  /** A calendar date (YYYY-MM-DD) in the client's zone, kept as text so no process TZ can shift it. */
  @Column('date') programmeStartDate: string;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { default: () => 'now()' }) updatedAt: Date;
}
