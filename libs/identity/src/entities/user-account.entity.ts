import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../roles.js';

/** Anyone who signs in: staff of an organisation or a client. Credentials live here, nowhere else. */
@Entity()
export class UserAccount {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @Column('text') role: Role;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text', { nullable: true }) phone: string | null;
  @Column('text', { nullable: true }) passwordHash: string | null;
  @Column('text', { nullable: true }) totpSecret: string | null;
  @Column('timestamptz', { nullable: true }) totpEnabledAt: Date | null;
  @Column('int', { nullable: true }) totpLastStep: number | null;
  @Column('text') timeZone: string;
  @Column('timestamptz', { nullable: true }) disabledAt: Date | null;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
}
