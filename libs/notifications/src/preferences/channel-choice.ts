import { quietHoursEnd } from '@attune/platform';

export const CHANNELS = ['in_app', 'email', 'sms'] as const;
export type ReminderChannel = (typeof CHANNELS)[number];

/** A person's choice for one kind of reminder: which channels, or none at all. */
export interface KindPreference {
  channels: ReminderChannel[];
  optedOut: boolean;
}

export interface QuietHours {
  /** 'HH:mm' in the person's zone; the window may span midnight. */
  starts: string;
  ends: string;
}

export interface ChannelFacts {
  /** The channels the reminder was planned with. */
  requested: ReminderChannel[];
  /** Critical kinds (safety escalations) ignore quiet hours and in-app opt-outs. */
  critical: boolean;
  preference: KindPreference | null;
  quietHours: QuietHours | null;
  zone: string;
  now: Date;
  hasEmail: boolean;
  hasPhone: boolean;
  /** The carrier reported STOP for the person's number: no text, critical or not. */
  smsOptedOut: boolean;
}

export type ChannelChoice =
  | { outcome: 'send'; channels: ReminderChannel[] }
  | { outcome: 'defer'; until: Date }
  | { outcome: 'skip'; reason: 'opted_out' | 'no_channel' };

/**
 * Which channels a reminder goes out on now, or why it waits or is skipped. Pure: the delivery reads the
 * facts in its claiming transaction and acts on the answer.
 */
export function chooseChannels(facts: ChannelFacts): ChannelChoice {
  const { preference, critical } = facts;
  if (preference?.optedOut && !critical) return { outcome: 'skip', reason: 'opted_out' };
  if (!critical && facts.quietHours) {
    const until = quietHoursEnd(facts.now, facts.zone, facts.quietHours.starts, facts.quietHours.ends);
    if (until) return { outcome: 'defer', until };
  }
  let channels: ReminderChannel[] = preference && !preference.optedOut ? facts.requested.filter((c) => preference.channels.includes(c)) : [...facts.requested];
  // A critical reminder always reaches the app, whatever the person chose for it.
  if (critical && !channels.includes('in_app')) channels.unshift('in_app');
  channels = channels.filter((c) => (c === 'email' ? facts.hasEmail : c === 'sms' ? facts.hasPhone && !facts.smsOptedOut : true));
  // Nobody should miss a text they cannot receive: if the carrier blocked SMS, fall back to the app.
  if (channels.length === 0 && facts.smsOptedOut && facts.requested.includes('sms') && !preference?.optedOut) channels = ['in_app'];
  return channels.length > 0 ? { outcome: 'send', channels } : { outcome: 'skip', reason: preference?.optedOut ? 'opted_out' : 'no_channel' };
}
