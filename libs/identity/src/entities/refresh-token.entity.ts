import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One refresh token of a session; only its SHA-256 is stored. Used once, then rotated. */
@Entity()
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') sessionId: string;
  @Column('text', { unique: true }) tokenHash: string;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz') expiresAt: Date;
  @Column('timestamptz', { nullable: true }) usedAt: Date | null;
}
