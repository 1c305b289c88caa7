import { Column, Entity, PrimaryColumn } from 'typeorm';

export const STAFF_STATUSES = ['invited', 'active', 'deactivated'] as const;
export type StaffStatus = (typeof STAFF_STATUSES)[number];

/** A staff member's place in the organisation; their role and credentials are on the user account. */
@Entity()
export class StaffMember {
  @PrimaryColumn('uuid') userId: string;
  @Column('uuid') organizationId: string;
  @Column('text') displayName: string;
  @Column('uuid', { nullable: true }) supervisorUserId: string | null;
  @Column('text', { default: 'invited' }) status: StaffStatus;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
}
