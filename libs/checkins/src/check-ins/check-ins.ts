import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicy, AuditTrail } from '@attune/care';
import type { Actor } from '@attune/identity';
import { Clock, DomainEvents, Problem, Realtime, Rooms, addDays, atLocalTime, localDate, groupCommit, type AfterCommit, type CrisisResource } from '@attune/platform';
import { ContactLog } from '@attune/network';
import { Alerts, type AlertView } from '../alerts/alerts.js';
import { emitting, outreachClosedEmit } from '../outreach/outreach-events.js';
import { RULE_ORDER, type RiskRule } from '../risk/risk-rules.js';
import { crisisResources, toRiskRules, type RiskRules } from '../risk/risk-settings.js';
import { storeCheckIns, type CheckInSubmission, type StoredCheckIn } from './check-in-store.js';
import { bodyHash, checkCheckIn, type CheckInInput, type MedicationAnswer } from './check-in-input.js';

export interface CheckInView {
  id: string;
  clientId: string;
  submittedBy: string;
  submittedAt: Date;
  /** The day in the client's zone it counts for. */
  localDate: string;
  mood: number;
  craving: number;
  used: boolean;
  substance: string | null;
  medication: MedicationAnswer;
  sleepHours: number;
  connection: number;
  safetyConcern: boolean;
  note: string | null;
}

/** What a submission answers (REST body and the socket acknowledgement alike). */
export interface CheckInResult {
  checkIn: CheckInView;
  /** Alerts this check-in raised (for the team; the client's app need not show them). */
  alerts: { id: string; rule: string; severity: string }[];
  /** Where to get help now: non-empty when the client said they are not safe. Shown at once. */
  crisisResources: CrisisResource[];
  /** True when this was a retry of a check-in already stored (REST answers 200 instead of 201). */
  replayed: boolean;
}

export interface CheckInPage {
  items: CheckInView[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: string | null;
}

export interface DayTrend {
  date: string;
  checkIns: number;
  mood: number | null;
  craving: number | null;
  sleepHours: number | null;
  connection: number | null;
}

export interface CheckInTrends {
  days: number;
  timeZone: string;
  from: string;
  to: string;
  perDay: DayTrend[];
  /** Past local days in the window (today excluded: it is not over) without a check-in. */
  missedDays: string[];
  /** Alerts raised in the window, by rule. */
  riskHits: Record<string, number>;
}

interface CheckInRow {
  id: string;
  client_id: string;
  submitted_by: string;
  submitted_at: Date;
  local_date: string;
  mood: number;
  craving: number;
  used: boolean;
  substance: string | null;
  medication: MedicationAnswer;
  sleep_hours: string;
  connection: number;
  safety_concern: boolean;
  note: string | null;
  body_hash: string;
}

const COLUMNS = `id, client_id, submitted_by, submitted_at, local_date::text AS local_date, mood, craving, used, substance, medication, sleep_hours, connection, safety_concern, note, body_hash`;

/**
 * Daily check-ins. `submit` is THE entry point (the REST controller and the socket gateway call it): it
 * validates, asks the access policy, stores idempotently by the client's id, applies the risk rules in
 * the same transaction and emits after the commit.
 */
@Injectable()
export class CheckIns {
  /** Concurrent submissions share one statement (see groupCommit); a lone one goes at once. */
  private readonly storeGrouped: (submission: CheckInSubmission) => Promise<StoredCheckIn>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly alerts: Alerts,
    private readonly realtime: Realtime,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {
    this.storeGrouped = groupCommit((submissions: readonly CheckInSubmission[]) => storeCheckIns(this.db.manager, submissions));
  }

  /**
   * The client themself or a member of their care team (on their behalf: `submittedBy` says who).
   * The same id and body again → the first result (`replayed`); the same id with another body → 409.
   */
  async submit(actor: Actor, clientId: string, body: unknown): Promise<CheckInResult> {
    const checked = checkCheckIn(body);
    if (!checked.ok) throw new Problem(422, 'Unprocessable content', checked.errors.map((e) => `${e.field}: ${e.message}`).join('; '), checked.errors);
    const input = checked.input;
    // The allowed decision's audit event is written by the store's own statement, with the check-in.
    const access = await this.policy.requireForWrite(actor, clientId, 'checkins:submit', { action: 'checkin.submit', subjectId: input.id });
    const now = this.clock.now();
    const hash = bodyHash(input);
    const day = localDate(now, access.client.timeZone);
    const submission: CheckInSubmission = {
      id: input.id, organizationId: access.organizationId, clientId, submittedBy: actor.userId, submittedAt: now, localDate: day,
      mood: input.mood, craving: input.craving, used: input.used, substance: input.substance ?? null, medication: input.medication,
      sleepHours: input.sleepHours, connection: input.connection, safetyConcern: input.safetyConcern, note: input.note ?? null, bodyHash: hash,
      audit: AuditTrail.asJson([access.audit]),
    };
    // Naming a person from the map adds a contact log entry in the same transaction (not on a retry):
    // a person not on this client's map is a 422 naming contactPersonId, and nothing is stored.
    // Otherwise one atomic statement, shared with concurrent submissions.
    const row = input.contactPersonId
      ? await this.db.transaction(async (tx) => {
          const [stored] = await storeCheckIns(tx, [submission]);
          if (stored.inserted)
            await ContactLog.record(tx, { clientId, personId: input.contactPersonId!, at: now, how: input.contactHow ?? 'call', helped: input.contactHelped ?? null, source: 'checkin', recordedBy: actor.userId, recordedAt: now }).catch((error: unknown) => {
              // The contact log names its own field (personId); the check-in body calls it contactPersonId.
              throw error instanceof Problem && error.getStatus() === 422 ? Problem.invalid('contactPersonId', "is not on this client's social map") : error;
            });
          return stored;
        })
      : await this.storeGrouped(submission);
    const rules = toRiskRules(row);
    if (!row.inserted) return this.replay(input, clientId, hash, rules);
    const raised: AlertView[] = row.alerts.map((a) => ({
      id: a.id, clientId, rule: a.rule, severity: a.severity, status: a.status, checkInId: input.id, measureResponseId: null, raisedAt: new Date(a.raisedAt),
      acknowledgedBy: null, acknowledgedAt: null, resolvedBy: null, resolvedAt: null, resolutionNote: null,
    }));
    const escalations = row.alerts.flatMap((a) => (a.escalationId ? [{ id: a.escalationId, version: a.escalationVersion!, due_at: new Date(a.escalationDueAt!) }] : []));
    // The team hears of the alert first; scheduling its escalation job (Redis, then a row) comes last.
    const { emit, escalate } = this.alerts.announce(raised, escalations);
    const followUps: AfterCommit[] = emit ? [emit] : [];
    if (row.closed_task_id) followUps.push(outreachClosedEmit(this.realtime, row.closed_task_id, clientId));
    followUps.push(
      emitting(() =>
        this.realtime.to(Rooms.client(clientId)).emit('checkin.recorded', { checkInId: input.id, clientId, submittedAt: now.toISOString(), alertIds: raised.map((a) => a.id) }),
      ),
    );
    if (escalate) followUps.push(escalate);
    await this.events.afterCommit(followUps);
    const checkIn: CheckInView = { ...input, substance: input.substance ?? null, note: input.note ?? null, clientId, submittedBy: actor.userId, submittedAt: now, localDate: day };
    return { checkIn, alerts: summaries(raised), crisisResources: input.safetyConcern ? crisisResources(rules) : [], replayed: false };
  }

  /** Newest first, `limit` at a time, older than `before` (an ISO instant) when given. */
  async history(actor: Actor, clientId: string, page: { before?: Date; limit?: number } = {}): Promise<CheckInPage> {
    const access = await this.policy.require(actor, clientId, 'checkins:read', { action: 'checkins.list' });
    const limit = page.limit ?? 50;
    const rows: CheckInRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM check_in WHERE client_id = $1 AND organization_id = $2 AND ($3::timestamptz IS NULL OR submitted_at < $3)
        ORDER BY submitted_at DESC, id DESC LIMIT $4`,
      [clientId, access.organizationId, page.before ?? null, limit + 1],
    );
    const items = rows.slice(0, limit).map(view);
    return { items, nextBefore: rows.length > limit ? items[items.length - 1].submittedAt.toISOString() : null };
  }

  /** Per local day of the client's zone over the last 7 or 30 days (today included). */
  async trends(actor: Actor, clientId: string, days: 7 | 30): Promise<CheckInTrends> {
    const access = await this.policy.require(actor, clientId, 'checkins:read', { action: 'checkins.trends' });
    const zone = access.client.timeZone;
    const to = localDate(this.clock.now(), zone);
    const from = addDays(to, -(days - 1));
    const rows: { date: string; n: number; mood: string; craving: string; sleep: string; connection: string }[] = await this.db.query(
      `SELECT local_date::text AS date, count(*)::int AS n, avg(mood) AS mood, avg(craving) AS craving, avg(sleep_hours) AS sleep, avg(connection) AS connection
         FROM check_in WHERE client_id = $1 AND organization_id = $2 AND local_date BETWEEN $3::date AND $4::date GROUP BY local_date`,
      [clientId, access.organizationId, from, to],
    );
    const hits: { rule: string; n: number }[] = await this.db.query(
      `SELECT rule, count(*)::int AS n FROM risk_alert WHERE client_id = $1 AND organization_id = $2 AND raised_at >= $3 GROUP BY rule`,
      [clientId, access.organizationId, atLocalTime(from, '00:00', zone)],
    );
    const byDate = new Map(rows.map((r) => [r.date, r]));
    const perDay: DayTrend[] = [];
    for (let date = from; date <= to; date = addDays(date, 1)) {
      const r = byDate.get(date);
      perDay.push({ date, checkIns: r?.n ?? 0, mood: avg(r?.mood), craving: avg(r?.craving), sleepHours: avg(r?.sleep), connection: avg(r?.connection) });
    }
    return {
      days,
      timeZone: zone,
      from,
      to,
      perDay,
      missedDays: perDay.filter((d) => d.checkIns === 0 && d.date < to).map((d) => d.date),
      riskHits: Object.fromEntries(hits.map((h) => [h.rule, h.n])),
    };
  }

  /** A retry: the same body answers as the first time did (its alerts were stored with it); another body under the same id is refused. */
  private async replay(input: CheckInInput, clientId: string, hash: string, rules: RiskRules): Promise<CheckInResult> {
    const [row]: CheckInRow[] = await this.db.query(`SELECT ${COLUMNS} FROM check_in WHERE id = $1`, [input.id]);
    if (!row || row.client_id !== clientId || row.body_hash !== hash) throw Problem.conflict('id', 'a different check-in was already sent with this id');
    const alerts: { id: string; rule: string; severity: string }[] = await this.db.query(`SELECT id, rule, severity FROM risk_alert WHERE check_in_id = $1`, [input.id]);
    return { checkIn: view(row), alerts: summaries(alerts), crisisResources: row.safety_concern ? crisisResources(rules) : [], replayed: true };
  }
}

const avg = (value: string | undefined) => (value === undefined || value === null ? null : Math.round(Number(value) * 100) / 100);
/** Most severe first, in the rules' own order, the same on a retry. */
const summaries = (alerts: { id: string; rule: string; severity: string }[]) =>
  alerts.map((a) => ({ id: a.id, rule: a.rule, severity: a.severity })).sort((a, b) => RULE_ORDER.indexOf(a.rule as RiskRule) - RULE_ORDER.indexOf(b.rule as RiskRule));

function view(row: CheckInRow): CheckInView {
  return {
    id: row.id,
    clientId: row.client_id,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
    localDate: row.local_date,
    mood: row.mood,
    craving: row.craving,
    used: row.used,
    substance: row.substance,
    medication: row.medication,
    sleepHours: Number(row.sleep_hours),
    connection: row.connection,
    safetyConcern: row.safety_concern,
    note: row.note,
  };
}
