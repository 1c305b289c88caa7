import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An in-app notification: a kind and the id of what it is about, never client data. */
@Entity()
export class Notification {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @Column('uuid') recipientUserId: string;
  @Column('text') kind: string;
  @Column('uuid', { nullable: true }) subjectId: string | null;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz', { nullable: true }) readAt: Date | null;
  /** The reminder this notification delivers (at most one notification per reminder). */
  @Column('uuid', { nullable: true }) reminderId: string | null;
}
