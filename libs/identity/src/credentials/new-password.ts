import { Problem } from '@attune/platform';
import { passwordWeakness } from './password-policy.js';

/** 422 naming the field the person typed the password into, when the password is too weak. */
export function requireStrongPassword(
  field: 'password' | 'newPassword',
  password: string,
  email: string | null,
): void {
  const weakness = passwordWeakness(password, email);
  if (weakness) throw Problem.invalid(field, weakness);
}
