import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type CodePurpose = 'sign_in' | 'password_reset' | 'invitation' | 'mfa_challenge';

/** A one-time secret sent to a person (SMS code, reset or invitation link); stored as a keyed hash. */
@Entity()
export class OneTimeCode {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') userId: string;
  @Column('text') purpose: CodePurpose;
  @Column('text') secretHash: string;
  @Column('int', { default: 0 }) attempts: number;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz') expiresAt: Date;
  @Column('timestamptz', { nullable: true }) consumedAt: Date | null;
}
