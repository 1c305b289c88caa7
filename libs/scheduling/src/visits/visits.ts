import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy, AuditTrail, ClientProfiles, type ClientAccess } from '@attune/care';
import type { Actor } from '@attune/identity';
import { type AfterCommit, Clock, type DomainEventMap, DomainEvents, instantAt, isIanaZone, isUuidLike, localDateTime, localMinutesBetween, Problem, shiftLocal } from '@attune/platform';
import { VisitInvitations } from '../calendars/visit-invitations.js';
import { findConflict, type PlannedTime } from '../conflicts/conflicts.js';
import { JoinLinks } from '../joining/join-links.js';
import { MeetingLinks } from '../meetings/meeting-links.js';
import { expandSeries, normaliseRule, RecurrenceError } from '../recurrence/recurrence.js';
import type { AudioOnlyReason, SeriesScope, Visit, VisitChange, VisitKind, VisitStatus } from './visit.js';
import { SeriesRows } from './series-rows.js';
import { busyFrom, busyUntil, VisitRows, type VisitRowInput } from './visit-rows.js';
import { isOpen, refuseTransition } from './visit-status.js';

export interface NewVisit {
  kind: VisitKind;
  startsAt: Date;
  /** Either a duration or an end. */
  durationMinutes?: number;
  endsAt?: Date;
  /** Defaults to the client's zone. */
  timeZone?: string;
  /** Team members attending; defaults to the person scheduling. */
  attendeeUserIds?: string[];
  address?: string | null;
  travelBeforeMinutes?: number;
  travelAfterMinutes?: number;
  audioOnlyReason?: AudioOnlyReason | null;
  /** RFC 5545 RRULE: makes a series starting at `startsAt`. */
  rrule?: string;
  /** Local dates left out of the series. */
  exceptDates?: string[];
  /** Book it even if it overlaps another visit (audited). */
  allowConflicts?: boolean;
  /** Record a visit that already happened as completed (late documentation). */
  documentAsCompleted?: boolean;
}

export interface VisitMove {
  startsAt: Date;
  durationMinutes?: number;
  scope?: SeriesScope;
  allowConflicts?: boolean;
  reason?: string;
}

export interface VisitCancellation {
  reason: string;
  scope?: SeriesScope;
}

export type VisitStatusChange = { status: Exclude<VisitStatus, 'scheduled' | 'cancelled'>; reason?: string };

/** What a schedule, move or cancel touched: one visit, or occurrences of a series. */
export interface VisitBatch {
  seriesId: string | null;
  visits: Visit[];
}

export interface VisitDetail extends Visit {
  history: VisitChange[];
}

const MAX_DURATION_MINUTES = 12 * 60;
const PAST_LIMIT_MS = 24 * 3600_000;

/**
 * Visits: scheduling, moving, cancelling and recording them. Only the client's care team schedules
 * (visits:schedule); the policy is asked before each transaction so a refusal's audit event is kept.
 * Domain events are published inside the transaction and their follow-ups run after the commit.
 */
@Injectable()
export class Visits {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly events: DomainEvents,
    private readonly meetings: MeetingLinks,
    private readonly joinLinks: JoinLinks,
    private readonly invitations: VisitInvitations,
    private readonly clock: Clock,
  ) {}

  async schedule(actor: Actor, clientId: string, input: NewVisit): Promise<VisitBatch> {
    const access = await this.policy.require(actor, clientId, 'visits:schedule', { action: 'visit.schedule' });
    const now = this.clock.now();
    const timeZone = input.timeZone ?? access.client.timeZone;
    if (!isIanaZone(timeZone)) throw Problem.invalid('timeZone', 'is not an IANA time zone, e.g. America/Chicago');
    const durationMinutes = durationOf(input);
    checkKind(input);
    const completed = input.documentAsCompleted === true;
    if (completed && input.rrule) throw Problem.invalid('documentAsCompleted', 'cannot be used with rrule');
    if (completed && input.startsAt.getTime() + durationMinutes * 60_000 > now.getTime()) {
      throw Problem.invalid('documentAsCompleted', 'only a visit that has ended can be recorded as completed');
    }
    if (!completed && input.startsAt.getTime() < now.getTime() - PAST_LIMIT_MS) {
      throw Problem.invalid('startsAt', 'is more than a day in the past; record a visit that happened with documentAsCompleted');
    }
    const occurrences = input.rrule ? this.expand(input, timeZone) : [{ occurrenceLocal: null, startsAt: input.startsAt }];
    const rows: VisitRowInput[] = occurrences.map((o) => ({
      clientId,
      seriesId: null,
      occurrenceLocal: o.occurrenceLocal,
      kind: input.kind,
      startsAt: o.startsAt,
      endsAt: new Date(o.startsAt.getTime() + durationMinutes * 60_000),
      timeZone,
      audioOnlyReason: input.kind === 'audio_only' ? (input.audioOnlyReason ?? null) : null,
      address: input.address ?? null,
      travelBeforeMinutes: input.travelBeforeMinutes ?? 0,
      travelAfterMinutes: input.travelAfterMinutes ?? 0,
      status: completed ? 'completed' : 'scheduled',
      documentedLate: completed,
    }));
    const attendees = [...new Set(input.attendeeUserIds ?? [actor.userId])];

    const { batch, followUps } = await this.db.transaction(async (tx) => {
      await ClientProfiles.lock(tx, access.organizationId, clientId);
      await requireTeamMembers(tx, access.organizationId, clientId, attendees, now);
      const conflict = await findConflict(tx, access.organizationId, clientId, attendees, rows.map(planned));
      let seriesId: string | null = null;
      if (input.rrule) {
        const [series]: { id: string }[] = await tx.query(
          `INSERT INTO visit_series (organization_id, client_id, rrule, starts_local, time_zone, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [access.organizationId, clientId, normaliseRule(input.rrule), localDateTime(input.startsAt, timeZone), timeZone, actor.userId, now],
        );
        seriesId = series.id;
        for (const row of rows) row.seriesId = seriesId;
      }
      const ids = await VisitRows.insertMany(tx, access.organizationId, actor.userId, now, rows, attendees);
      if (!completed) {
        await this.meetings.create(tx, access.organizationId, ids.map((id) => ({ id, kind: input.kind })), now);
        await this.joinLinks.issue(tx, access.organizationId, ids, access.clientUserId, attendees, now);
      }
      if (conflict) await this.doubleBooked(tx, actor, access, ids[0], conflict.visitId, input.allowConflicts);
      const visits = await VisitRows.findMany(tx, access.organizationId, ids);
      const followUps: AfterCommit[] = completed ? [] : await this.invitations.stage(tx, access.organizationId, ids, 'invite', actor.userId);
      if (seriesId !== null) {
        // One event for the whole series: its subscribers plan all occurrences in a few statements.
        followUps.push(...(await this.events.publish(tx, 'visit.series_scheduled', this.seriesEvent(access, seriesId, visits))));
      } else {
        for (const visit of visits) {
          followUps.push(...(await this.events.publish(tx, completed ? 'visit.completed' : 'visit.scheduled', this.event(access, visit))));
        }
      }
      return { batch: { seriesId, visits }, followUps };
    });
    await this.events.afterCommit(followUps);
    return batch;
  }

  async move(actor: Actor, clientId: string, visitId: string, input: VisitMove): Promise<VisitBatch> {
    const access = await this.policy.require(actor, clientId, 'visits:schedule', { action: 'visit.reschedule', subjectId: uuidOrNull(visitId) });
    const now = this.clock.now();
    if (input.startsAt.getTime() < now.getTime() - PAST_LIMIT_MS) throw Problem.invalid('startsAt', 'is more than a day in the past');
    const { batch, followUps } = await this.db.transaction(async (tx) => {
      const visit = await this.openVisit(tx, access, visitId);
      const durationMinutes = input.durationMinutes ?? visit.durationMinutes;
      const targets = await this.scoped(tx, access, visit, input.scope ?? 'this', now);
      // Moving a series shifts each occurrence by the same wall-clock amount in its zone: 10:00 → 11:00 stays 11:00 across DST.
      const shift = localMinutesBetween(localDateTime(visit.startsAt, visit.timeZone), localDateTime(input.startsAt, visit.timeZone));
      const moves = targets.map((target) => {
        const startsAt = target.id === visit.id ? input.startsAt : instantAt(shiftLocal(localDateTime(target.startsAt, target.timeZone), shift), target.timeZone);
        return { visit: target, startsAt, endsAt: new Date(startsAt.getTime() + durationMinutes * 60_000) };
      });
      const staff = [...new Set(targets.flatMap((t) => t.attendeeUserIds))];
      const conflict = await findConflict(
        tx, access.organizationId, clientId, staff,
        moves.map((m) => planned({ ...m.visit, startsAt: m.startsAt, endsAt: m.endsAt })),
        targets.map((t) => t.id),
      );
      if (conflict) await this.doubleBooked(tx, actor, access, visit.id, conflict.visitId, input.allowConflicts);
      await VisitRows.moveMany(tx, access.organizationId, now, moves);
      const seriesId = await this.followRule(tx, access, visit, targets, input.scope, shift, actor);
      await this.meetings.replace(tx, access.organizationId, moves.map((m) => m.visit.id), now);
      await VisitRows.recordHistory(
        tx, access.organizationId, actor.userId, now,
        moves.map((m) => ({
          visitId: m.visit.id, change: 'rescheduled', fromStatus: m.visit.status, toStatus: 'scheduled',
          previousStartsAt: m.visit.startsAt, previousEndsAt: m.visit.endsAt, startsAt: m.startsAt, endsAt: m.endsAt, reason: input.reason ?? null,
        })),
      );
      const visits = await VisitRows.findMany(tx, access.organizationId, moves.map((m) => m.visit.id));
      const followUps = await this.invitations.stage(tx, access.organizationId, visits.map((v) => v.id), 'update', actor.userId);
      for (const moved of visits) {
        const before = moves.find((m) => m.visit.id === moved.id)!.visit;
        followUps.push(...(await this.events.publish(tx, 'visit.rescheduled', { ...this.event(access, moved), previousStartsAt: before.startsAt.toISOString() })));
      }
      return { batch: { seriesId, visits }, followUps };
    });
    await this.events.afterCommit(followUps);
    return batch;
  }

  async cancel(actor: Actor, clientId: string, visitId: string, input: VisitCancellation): Promise<VisitBatch> {
    const access = await this.policy.require(actor, clientId, 'visits:schedule', { action: 'visit.cancel', subjectId: uuidOrNull(visitId) });
    const now = this.clock.now();
    const { batch, followUps } = await this.db.transaction(async (tx) => {
      const visit = await this.openVisit(tx, access, visitId);
      const targets = await this.scoped(tx, access, visit, input.scope ?? 'this', now);
      await VisitRows.setStatus(tx, access.organizationId, now, targets.map((t) => t.id), 'cancelled', { cancelReason: input.reason });
      if (visit.seriesId && (input.scope ?? 'this') !== 'this') await SeriesRows.endBefore(tx, access.organizationId, visit.seriesId, earliestOccurrence(targets));
      await this.meetings.revoke(tx, access.organizationId, targets.map((t) => t.id), now);
      await VisitRows.recordHistory(
        tx, access.organizationId, actor.userId, now,
        targets.map((t) => ({
          visitId: t.id, change: 'status', fromStatus: t.status, toStatus: 'cancelled',
          previousStartsAt: null, previousEndsAt: null, startsAt: t.startsAt, endsAt: t.endsAt, reason: input.reason,
        })),
      );
      const visits = await VisitRows.findMany(tx, access.organizationId, targets.map((t) => t.id));
      const followUps = await this.invitations.stage(tx, access.organizationId, visits.map((v) => v.id), 'cancel', actor.userId);
      for (const cancelled of visits) followUps.push(...(await this.events.publish(tx, 'visit.cancelled', this.event(access, cancelled))));
      return { batch: { seriesId: visit.seriesId, visits }, followUps };
    });
    await this.events.afterCommit(followUps);
    return batch;
  }

  async changeStatus(actor: Actor, clientId: string, visitId: string, input: VisitStatusChange): Promise<Visit> {
    const access = await this.policy.require(actor, clientId, 'visits:schedule', { action: `visit.${input.status}`, subjectId: uuidOrNull(visitId) });
    const now = this.clock.now();
    const { visit, followUps } = await this.db.transaction(async (tx) => {
      const current = await this.findVisit(tx, access, visitId, true);
      const refusal = refuseTransition(current.status, input.status, current, now);
      if (refusal) throw Problem.conflict(refusal.field, refusal.message);
      // Completed without ever being started in Attune: documented after the fact.
      const documentedLate = input.status === 'completed' && current.status !== 'in_progress';
      await VisitRows.setStatus(tx, access.organizationId, now, [current.id], input.status, { documentedLate });
      await VisitRows.recordHistory(tx, access.organizationId, actor.userId, now, [
        { visitId: current.id, change: 'status', fromStatus: current.status, toStatus: input.status, previousStartsAt: null, previousEndsAt: null, startsAt: current.startsAt, endsAt: current.endsAt, reason: input.reason ?? null },
      ]);
      const [visit] = await VisitRows.findMany(tx, access.organizationId, [current.id]);
      const followUps = input.status === 'completed' ? await this.events.publish(tx, 'visit.completed', this.event(access, visit)) : [];
      return { visit, followUps };
    });
    await this.events.afterCommit(followUps);
    return visit;
  }

  async list(actor: Actor, clientId: string, range: { from?: Date; to?: Date }): Promise<Visit[]> {
    const access = await this.policy.require(actor, clientId, 'visits:read', { action: 'visit.list' });
    const now = this.clock.now();
    const from = range.from ?? new Date(now.getTime() - 7 * 86_400_000);
    const to = range.to ?? new Date(from.getTime() + 90 * 86_400_000);
    if (to <= from) throw Problem.invalid('to', 'must be after from');
    if (to.getTime() - from.getTime() > 400 * 86_400_000) throw Problem.invalid('to', 'may be at most 400 days after from');
    return VisitRows.ofClient(this.db.manager, access.organizationId, clientId, from, to, 1000);
  }

  async detail(actor: Actor, clientId: string, visitId: string): Promise<VisitDetail> {
    const access = await this.policy.require(actor, clientId, 'visits:read', { action: 'visit.read', subjectId: uuidOrNull(visitId) });
    const visit = await this.findVisit(this.db.manager, access, visitId);
    return { ...visit, history: await VisitRows.history(this.db.manager, access.organizationId, visit.id) };
  }

  private expand(input: NewVisit, timeZone: string) {
    try {
      const occurrences = expandSeries({ rrule: input.rrule!, startsLocal: localDateTime(input.startsAt, timeZone), timeZone, exceptDates: input.exceptDates });
      if (occurrences.length === 0) throw new RecurrenceError('has no occurrences');
      return occurrences;
    } catch (error) {
      if (error instanceof RecurrenceError) throw Problem.invalid('rrule', error.message);
      throw error;
    }
  }

  private async findVisit(manager: EntityManager, access: ClientAccess, visitId: string, lock = false): Promise<Visit> {
    const visit = uuidOrNull(visitId) ? await VisitRows.find(manager, access.organizationId, access.clientId, visitId, lock) : null;
    if (!visit) throw Problem.notFound('visit');
    return visit;
  }

  private async openVisit(tx: EntityManager, access: ClientAccess, visitId: string): Promise<Visit> {
    const visit = await this.findVisit(tx, access, visitId, true);
    if (!isOpen(visit.status)) throw Problem.conflict('status', `a ${visit.status} visit cannot be changed`);
    return visit;
  }

  /** The visits a series-scoped change applies to: this one, this and the following, or the whole series (not yet started). */
  private async scoped(tx: EntityManager, access: ClientAccess, visit: Visit, scope: SeriesScope, now: Date): Promise<Visit[]> {
    switch (scope) {
      case 'this':
        return [visit];
      case 'following':
      case 'series': {
        if (!visit.seriesId) throw Problem.invalid('scope', 'this visit is not part of a series');
        const from = scope === 'following' ? visit.occurrenceLocal : null;
        const rows = await VisitRows.openInSeries(tx, access.organizationId, visit.seriesId, from, now);
        return rows.some((r) => r.id === visit.id) ? rows : [visit, ...rows];
      }
    }
  }

  /**
   * A change to "this and the following" or the whole series also changes the stored rule: the series is
   * split at the earliest occurrence changed (RFC 5545's way). Returns the series the moved visits are in.
   */
  private async followRule(tx: EntityManager, access: ClientAccess, visit: Visit, targets: Visit[], scope: SeriesScope | undefined, shift: number, actor: Actor): Promise<string | null> {
    if (!visit.seriesId || (scope ?? 'this') === 'this') return visit.seriesId;
    return SeriesRows.split(tx, access.organizationId, visit.seriesId, earliestOccurrence(targets), shift, actor.userId, this.clock.now());
  }

  /** An overlap is refused (409 naming the visit) unless booked deliberately, which is audited. */
  private async doubleBooked(tx: EntityManager, actor: Actor, access: ClientAccess, visitId: string, conflictingVisitId: string, allow?: boolean): Promise<void> {
    if (!allow) throw Problem.conflict('startsAt', `overlaps visit ${conflictingVisitId}`);
    await this.audit.record(
      {
        organizationId: access.organizationId,
        actorUserId: actor.userId,
        actorRole: actor.role,
        action: 'visit.double_booked',
        capability: 'visits:schedule',
        clientId: access.clientId,
        subjectId: visitId,
        outcome: 'allowed',
        basis: access.basis,
        reason: `overlaps visit ${conflictingVisitId}`,
      },
      tx,
    );
  }

  private seriesEvent(access: ClientAccess, seriesId: string, visits: Visit[]): DomainEventMap['visit.series_scheduled'] {
    const first = visits[0];
    return {
      organizationId: access.organizationId,
      clientId: first.clientId,
      seriesId,
      kind: first.kind,
      durationMinutes: first.durationMinutes,
      timeZone: first.timeZone,
      clientUserId: access.clientUserId,
      attendeeUserIds: first.attendeeUserIds,
      status: first.status,
      occurrences: visits.map((v) => ({ visitId: v.id, startsAt: v.startsAt.toISOString(), endsAt: v.endsAt.toISOString() })),
    };
  }

  private event(access: ClientAccess, visit: Visit): DomainEventMap['visit.scheduled'] {
    return {
      organizationId: access.organizationId,
      clientId: visit.clientId,
      visitId: visit.id,
      startsAt: visit.startsAt.toISOString(),
      durationMinutes: visit.durationMinutes,
      kind: visit.kind,
      endsAt: visit.endsAt.toISOString(),
      timeZone: visit.timeZone,
      seriesId: visit.seriesId,
      clientUserId: access.clientUserId,
      attendeeUserIds: visit.attendeeUserIds,
      status: visit.status,
    };
  }
}

function durationOf(input: NewVisit): number {
  if (input.endsAt !== undefined) {
    if (input.endsAt <= input.startsAt) throw Problem.invalid('endsAt', 'must be after startsAt');
    const minutes = (input.endsAt.getTime() - input.startsAt.getTime()) / 60_000;
    if (!Number.isInteger(minutes)) throw Problem.invalid('endsAt', 'must be a whole number of minutes after startsAt');
    if (input.durationMinutes !== undefined && input.durationMinutes !== minutes) throw Problem.invalid('durationMinutes', 'disagrees with endsAt');
    if (minutes > MAX_DURATION_MINUTES) throw Problem.invalid('endsAt', `a visit may last at most ${MAX_DURATION_MINUTES} minutes`);
    return minutes;
  }
  if (input.durationMinutes === undefined) throw Problem.invalid('durationMinutes', 'durationMinutes or endsAt is required');
  if (input.durationMinutes <= 0) throw Problem.invalid('durationMinutes', 'must be positive');
  return input.durationMinutes;
}

function checkKind(input: NewVisit): void {
  if (input.kind === 'audio_only' && !input.audioOnlyReason) throw Problem.invalid('audioOnlyReason', 'an audio_only visit records why video is not used');
  if (input.kind !== 'audio_only' && input.audioOnlyReason) throw Problem.invalid('audioOnlyReason', 'only for audio_only visits');
  if (input.kind !== 'in_home' && input.address) throw Problem.invalid('address', 'only for in_home visits');
}

const planned = (v: { startsAt: Date; endsAt: Date; travelBeforeMinutes: number; travelAfterMinutes: number }): PlannedTime => ({
  startsAt: v.startsAt,
  endsAt: v.endsAt,
  busyFrom: busyFrom(v),
  busyUntil: busyUntil(v),
});

/** Attendees must be on the client's care team right now. */
async function requireTeamMembers(tx: EntityManager, organizationId: string, clientId: string, userIds: string[], now: Date): Promise<void> {
  const rows: { staff_user_id: string }[] = await tx.query(
    `SELECT DISTINCT staff_user_id FROM care_team_membership
      WHERE organization_id = $1 AND client_id = $2 AND staff_user_id = ANY($3::uuid[])
        AND starts_at <= $4 AND (ends_at IS NULL OR ends_at > $4)`,
    [organizationId, clientId, userIds.filter(isUuidLike), now],
  );
  const onTeam = new Set(rows.map((r) => r.staff_user_id));
  const missing = userIds.findIndex((id) => !onTeam.has(id));
  if (missing >= 0) throw Problem.invalid(`attendeeUserIds.${missing}`, "is not on the client's care team");
}

const uuidOrNull = (value: string) => (isUuidLike(value) ? value : undefined);

/** The first original local start among occurrences of one series. */
const earliestOccurrence = (visits: Visit[]): string => visits.map((v) => v.occurrenceLocal!).sort()[0];
