/**
 * The From of every email: display name "Attune", whatever MAIL_FROM says. A housemate or employer who
 * sees the inbox must not learn that the person is in addiction treatment, so neither an organisation's
 * name nor a clinic's goes there. Only the address part of MAIL_FROM is used.
 */
export const SENDER_NAME = 'Attune';

export function neutralSender(mailFrom: string): { name: string; address: string } {
  const angled = /<([^>]+)>/.exec(mailFrom);
  return { name: SENDER_NAME, address: (angled?.[1] ?? mailFrom).trim() };
}

/** Emails staged without a subject get this one: it says nothing about why the person hears from us. */
export const NEUTRAL_SUBJECT = 'A message from Attune';
