import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, Problem, Realtime, Rooms, type AfterCommit } from '@attune/platform';

export interface NewInAppNotification {
  organizationId: string;
  recipientUserId: string;
  /** e.g. `reminder.visit`, `break_glass_opened`: says what happened, never to whom or what it contained. */
  kind: string;
  subjectId: string | null;
  /** The reminder this delivers: at most one notification per reminder, whatever retries do. */
  reminderId?: string;
}

export interface InAppNotificationView {
  id: string;
  kind: string;
  subjectId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export interface InboxPage {
  notifications: InAppNotificationView[];
  unread: number;
}

const PAGE_LIMIT = 100;

/**
 * The in-app channel: a stored notification (the record) and a `notification.new` socket event to the
 * recipient's own room once it has committed (the fast path). Every in-app notice is created here.
 */
@Injectable()
export class InAppNotifications {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly realtime: Realtime,
    private readonly clock: Clock,
  ) {}

  /** Inside the caller's transaction. Returns the emit to run after the commit (nothing for a repeat). */
  async create(tx: EntityManager, notice: NewInAppNotification): Promise<AfterCommit | undefined> {
    const now = this.clock.now();
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO notification (organization_id, recipient_user_id, kind, subject_id, created_at, reminder_id)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (reminder_id) WHERE reminder_id IS NOT NULL DO NOTHING RETURNING id`,
      [notice.organizationId, notice.recipientUserId, notice.kind, notice.subjectId, now, notice.reminderId ?? null],
    );
    if (rows.length === 0) return undefined;
    const event = { notificationId: rows[0].id, kind: notice.kind, at: now.toISOString() };
    return () => Promise.resolve(this.realtime.to(Rooms.user(notice.recipientUserId)).emit('notification.new', event));
  }

  /** One's own notifications, newest first; `before` pages back by creation time. */
  async list(userId: string, query: { unreadOnly?: boolean; before?: Date; limit?: number }): Promise<InboxPage> {
    const limit = Math.min(query.limit ?? 50, PAGE_LIMIT);
    const notifications: InAppNotificationView[] = await this.db.query(
      `SELECT id, kind, subject_id AS "subjectId", created_at AS "createdAt", read_at AS "readAt" FROM notification
        WHERE recipient_user_id = $1 AND ($2::boolean IS NOT TRUE OR read_at IS NULL) AND ($3::timestamptz IS NULL OR created_at < $3)
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [userId, query.unreadOnly ?? false, query.before ?? null, limit],
    );
    const [{ unread }]: { unread: number }[] = await this.db.query(
      `SELECT count(*)::int AS unread FROM notification WHERE recipient_user_id = $1 AND read_at IS NULL`,
      [userId],
    );
    return { notifications, unread };
  }

  /** Marks one's own notification read (again is fine); someone else's is not found. */
  async markRead(userId: string, notificationId: string): Promise<InAppNotificationView> {
    const [rows]: [InAppNotificationView[], number] = await this.db.query(
      `UPDATE notification SET read_at = COALESCE(read_at, $3) WHERE id = $2 AND recipient_user_id = $1
       RETURNING id, kind, subject_id AS "subjectId", created_at AS "createdAt", read_at AS "readAt"`,
      [userId, notificationId, this.clock.now()],
    );
    if (rows.length === 0) throw Problem.notFound('notification');
    return rows[0];
  }

  /** Marks every one of one's notifications read; returns how many changed. */
  async markAllRead(userId: string): Promise<number> {
    const [, changed]: [unknown, number] = await this.db.query(`UPDATE notification SET read_at = $2 WHERE recipient_user_id = $1 AND read_at IS NULL`, [
      userId,
      this.clock.now(),
    ]);
    return changed;
  }
}
