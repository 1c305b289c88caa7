/**
 * The words of every text and email identity sends. A phone's lock screen or a shared inbox may be read
 * by anyone in the house, so nothing here hints at treatment, a clinic or a diagnosis: only "Attune".
 */
export interface EmailText {
  subject: string;
  body: string;
}

export function signInCodeText(code: string, ttlSeconds: number): string {
  return `Your Attune code is ${code}. It expires in ${describeDuration(ttlSeconds)}.`;
}

export function passwordResetEmail(link: string, ttlSeconds: number): EmailText {
  return {
    subject: 'Reset your Attune password',
    body: [
      'Someone asked to reset the password of your Attune account.',
      `To choose a new password, open this link within ${describeDuration(ttlSeconds)}:`,
      link,
      'If this was not you, ignore this email: your password stays the same.',
    ].join('\n\n'),
  };
}

export function invitationEmail(link: string, ttlSeconds: number): EmailText {
  return {
    subject: 'You have been invited to join your team on Attune',
    body: [
      'You have been invited to join your team on Attune.',
      `To choose your password and sign in, open this link within ${describeDuration(ttlSeconds)}:`,
      link,
      'If you were not expecting this, ignore this email.',
    ].join('\n\n'),
  };
}

/** 600 → "10 minutes", 3600 → "1 hour", 604800 → "7 days": the largest whole unit, rounded down. */
export function describeDuration(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && (seconds % size === 0 || size === 1 || seconds >= size * 2)) {
      const count = Math.floor(seconds / size);
      return `${count} ${name}${count === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} seconds`;
}
