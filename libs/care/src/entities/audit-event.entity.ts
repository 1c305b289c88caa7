import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AuditOutcome = 'allowed' | 'denied' | 'not_found';

/** One decision on client data (or a security event). Append-only: a trigger refuses UPDATE and DELETE. */
@Entity()
export class AuditEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  /** The transaction's start (DB `now()`): sealing relies on it, so it is never set by the app. */
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
  @Column('uuid', { nullable: true }) organizationId: string | null;
  @Column('uuid', { nullable: true }) actorUserId: string | null;
  @Column('text', { nullable: true }) actorRole: string | null;
  @Column('text') action: string;
  @Column('text', { nullable: true }) capability: string | null;
  @Column('uuid', { nullable: true }) clientId: string | null;
  @Column('uuid', { nullable: true }) subjectId: string | null;
  @Column('text') outcome: AuditOutcome;
  @Column('text', { nullable: true }) basis: string | null;
  @Column('text', { nullable: true }) requestId: string | null;
  /** Free text a person typed (break-glass reason). Audit readers are admins; it is never logged. */
  @Column('text', { nullable: true }) reason: string | null;
}
