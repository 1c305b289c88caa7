export const VISIT_KINDS = ['in_home', 'video', 'audio_only', 'phone', 'group'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

export const VISIT_STATUSES = ['scheduled', 'confirmed', 'in_progress', 'completed', 'cancelled', 'no_show'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

/** Why an audio-only session is not on video; payers ask for it. */
export const AUDIO_ONLY_REASONS = ['client_cannot_use_video', 'client_declines_video'] as const;
export type AudioOnlyReason = (typeof AUDIO_ONLY_REASONS)[number];

/** Which occurrences of a series a change applies to. */
export const SERIES_SCOPES = ['this', 'following', 'series'] as const;
export type SeriesScope = (typeof SERIES_SCOPES)[number];

export interface Visit {
  id: string;
  clientId: string;
  seriesId: string | null;
  /** The occurrence's original local start in its series (RECURRENCE-ID). */
  occurrenceLocal: string | null;
  kind: VisitKind;
  startsAt: Date;
  endsAt: Date;
  durationMinutes: number;
  timeZone: string;
  audioOnlyReason: AudioOnlyReason | null;
  address: string | null;
  travelBeforeMinutes: number;
  travelAfterMinutes: number;
  status: VisitStatus;
  cancelReason: string | null;
  documentedLate: boolean;
  attendeeUserIds: string[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface VisitChange {
  change: 'scheduled' | 'rescheduled' | 'status';
  fromStatus: VisitStatus | null;
  toStatus: VisitStatus | null;
  previousStartsAt: Date | null;
  previousEndsAt: Date | null;
  startsAt: Date;
  endsAt: Date;
  reason: string | null;
  changedBy: string;
  changedAt: Date;
}
