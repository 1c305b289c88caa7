const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;
const PHONE = /\+?\d[\d\s().-]{6,}\d/g;

/** Strips email addresses and phone numbers from an error text before it is stored or logged. */
export function redactAddresses(text: string): string {
  return text.replace(EMAIL, '[email]').replace(PHONE, '[phone]');
}
