/**
 * THE socket.io event map (server → client, client → server) and the room names. The gateway (apps/api)
 * and every emitter (api services after commit, the worker through @socket.io/redis-emitter) use only
 * these, so an event's name and payload are checked by the compiler at both ends.
 *
 * Payloads carry ids, instants, enums and numbers. Message text and check-in notes are client data: they
 * travel only in events addressed to rooms the access policy let the socket join, never in logs.
 */

/** Who is in which room. Joined by the gateway after authentication; re-evaluated when a team changes. */
export const Rooms = {
  /** Every socket of one user (staff or client): direct messages, receipts, personal notifications. */
  user: (userId: string) => `user:${userId}`,
  /** The client and their current care team: things the client may see about their own care. */
  client: (clientId: string) => `client:${clientId}`,
  /** The client's current care team only (never the client): alerts, presence, team-only threads. */
  careTeam: (clientId: string) => `care-team:${clientId}`,
  /** Every socket opened with one session's tokens: closed on every node when the session is revoked. */
  session: (sessionId: string) => `session:${sessionId}`,
} as const;

export type RiskSeverity = 'info' | 'warning' | 'critical';

export interface CrisisResource {
  name: string;
  /** E.164 or short code, e.g. 988. */
  phone?: string;
  text?: string;
  url?: string;
}

export interface AlertEvent {
  alertId: string;
  clientId: string;
  /** The rule that fired, e.g. `craving_high`, `use_reported`, `safety_concern`, `missed_checkins`, `phq9_item9`. */
  rule: string;
  severity: RiskSeverity;
  status: 'open' | 'acknowledged' | 'resolved';
  /** ISO instant. */
  raisedAt: string;
  checkInId?: string | null;
}

export interface CheckInEvent {
  checkInId: string;
  clientId: string;
  /** ISO instant. */
  submittedAt: string;
  alertIds: string[];
}

export interface MessageEvent {
  threadId: string;
  messageId: string;
  /** The sender's own idempotency key, so the sender's other devices can match their pending copy. */
  clientMessageId: string;
  senderUserId: string;
  /** Message text: client data, sent only to members of the thread. */
  body: string;
  /** ISO instant. */
  sentAt: string;
  /** Replay cursor: strictly increasing per recipient feed. */
  cursor: string;
}

export interface ReceiptEvent {
  threadId: string;
  messageId: string;
  userId: string;
  kind: 'delivered' | 'read';
  /** ISO instant. */
  at: string;
}

export interface PresenceEvent {
  userId: string;
  online: boolean;
  /** ISO instant. */
  at: string;
}

export interface NotificationEvent {
  notificationId: string;
  /** e.g. `reminder`, `break_glass`, `outreach_task`. Neutral wording: no client data. */
  kind: string;
  /** ISO instant. */
  at: string;
}

export interface OutreachTaskEvent {
  taskId: string;
  clientId: string;
  status: 'open' | 'done';
}

/** Server → client. A new event is added here, with its payload type. */
export interface ServerToClientEvents {
  'alert.raised': (alert: AlertEvent) => void;
  'alert.updated': (alert: AlertEvent) => void;
  'checkin.recorded': (checkIn: CheckInEvent) => void;
  'message.new': (message: MessageEvent) => void;
  'message.receipt': (receipt: ReceiptEvent) => void;
  'presence.changed': (presence: PresenceEvent) => void;
  'notification.new': (notification: NotificationEvent) => void;
  'outreach.updated': (task: OutreachTaskEvent) => void;
  /** Access ended (token revoked or expired, consent withdrawn): the socket is closed right after. */
  'session.ended': (reason: { reason: 'revoked' | 'expired' | 'access_changed' }) => void;
}

/** The acknowledgement every inbound event gets: `ok` with data, or an error naming the fields. */
export type Ack<T = unknown> = (reply: { ok: true; data: T } | { ok: false; status: number; error: string; fields?: string[] }) => void;

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

/** Client → server: each inbound event's payload and what its acknowledgement carries when ok. */
export interface ClientToServerEvents {
  'message.send': (payload: { threadId: string; clientMessageId: string; body: string }, ack: Ack<MessageEvent>) => void;
  'message.read': (payload: { threadId: string; cursor: string }, ack: Ack<{ read: number }>) => void;
  /** Everything addressed to me after `after`, once, in order: sent after every (re)connection. */
  'messages.sync': (payload: { after?: string; limit?: number }, ack: Ack<{ messages: MessageEvent[]; cursor: string }>) => void;
  'presence.team': (payload: { clientId: string }, ack: Ack<{ userId: string; online: boolean }[]>) => void;
  /** Today's check-in, the body of POST /clients/{clientId}/check-ins plus clientId; a safety concern answers with crisis resources. */
  'checkin.submit': (payload: { clientId: string } & Record<string, unknown>, ack: Ack<CheckInSubmitted>) => void;
}

/** What `checkin.submit` acknowledges: the stored check-in (client data: only to the submitting socket), its alerts, crisis resources. */
export interface CheckInSubmitted {
  checkIn: { id: string; clientId: string; submittedAt: string; craving: number; safetyConcern: boolean } & Record<string, unknown>;
  alerts: { id: string; rule: string; severity: RiskSeverity }[];
  crisisResources: CrisisResource[];
  replayed: boolean;
}
