import { describe, expect, it } from '@jest/globals';
import { chooseChannels, type ChannelFacts } from './channel-choice.js';

const base: ChannelFacts = {
  requested: ['in_app', 'sms'],
  critical: false,
  preference: null,
  quietHours: null,
  zone: 'America/New_York',
  now: new Date('2026-03-10T03:30:00Z'), // 23:30 in New York
  hasEmail: true,
  hasPhone: true,
  smsOptedOut: false,
};

describe('choosing the channels of a reminder', () => {
  it('sends on the planned channels by default', () => {
    expect(chooseChannels(base)).toEqual({ outcome: 'send', channels: ['in_app', 'sms'] });
  });

  it('defers a routine reminder in quiet hours until they end, in the person’s zone', () => {
    expect(chooseChannels({ ...base, quietHours: { starts: '22:00', ends: '07:00' } })).toEqual({
      outcome: 'defer',
      until: new Date('2026-03-10T11:00:00Z'), // 07:00 EDT
    });
  });

  it('lets a critical reminder through quiet hours and an in-app opt-out', () => {
    const choice = chooseChannels({ ...base, critical: true, quietHours: { starts: '22:00', ends: '07:00' }, preference: { channels: [], optedOut: true } });
    expect(choice).toEqual({ outcome: 'send', channels: ['in_app', 'sms'] });
  });

  it('skips an opted-out kind, and narrows to the channels the person chose', () => {
    expect(chooseChannels({ ...base, preference: { channels: ['sms'], optedOut: true } })).toEqual({ outcome: 'skip', reason: 'opted_out' });
    expect(chooseChannels({ ...base, preference: { channels: ['in_app'], optedOut: false } })).toEqual({ outcome: 'send', channels: ['in_app'] });
  });

  it('never texts a number the carrier reported STOP for, critical or not, and falls back to the app', () => {
    expect(chooseChannels({ ...base, smsOptedOut: true, critical: true })).toEqual({ outcome: 'send', channels: ['in_app'] });
    expect(chooseChannels({ ...base, requested: ['sms'], smsOptedOut: true })).toEqual({ outcome: 'send', channels: ['in_app'] });
  });

  it('drops channels the person has no address for', () => {
    expect(chooseChannels({ ...base, requested: ['email'], hasEmail: false })).toEqual({ outcome: 'skip', reason: 'no_channel' });
  });
});
