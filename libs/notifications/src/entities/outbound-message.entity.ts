import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type Channel = 'email' | 'sms';
export type MessageStatus = 'queued' | 'sending' | 'sent' | 'failed';

/** An iCalendar part of an email: an invitation (REQUEST) or its cancellation (CANCEL). */
export interface CalendarPart {
  method: 'REQUEST' | 'CANCEL';
  /** The iCalendar text; its METHOD matches `method`. */
  content: string;
}

/** An email or text: the row is the record, the queue job carries only its id. Body is cleared once sent. */
@Entity()
export class OutboundMessage {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @Column('uuid', { nullable: true }) recipientUserId: string | null;
  @Column('text') channel: Channel;
  @Column('text') toAddress: string;
  @Column('text', { nullable: true }) subject: string | null;
  @Column('text', { nullable: true }) body: string | null;
  @Column('text', { default: 'queued' }) status: MessageStatus;
  @Column('int', { default: 0 }) attempts: number;
  @Column('text', { nullable: true }) lastError: string | null;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz', { nullable: true }) sentAt: Date | null;
  /** The reminder this message delivers, if any (one message per reminder and channel). */
  @Column('uuid', { nullable: true }) reminderId: string | null;
  /** Resent if a worker died mid-send (critical reminders); otherwise such a message fails (at most once). */
  @Column('boolean', { default: false }) atLeastOnce: boolean;
  /** An invitation's iCalendar part (emails only); cleared with the body once sent: it holds join links. */
  @Column('text', { nullable: true }) calendarMethod: CalendarPart['method'] | null;
  @Column('text', { nullable: true }) calendarIcs: string | null;
}
