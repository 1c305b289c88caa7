import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A signed-in device: the family of its refresh tokens. Revoking it ends every token of the family. */
@Entity()
export class AuthSession {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') userId: string;
  @Column('boolean', { default: false }) mfaVerified: boolean;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz') expiresAt: Date;
  @Column('timestamptz', { nullable: true }) revokedAt: Date | null;
  @Column('text', { nullable: true }) revokedReason: string | null;
}
