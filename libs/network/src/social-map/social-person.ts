/** How the client sees someone in their life. A label describes a third party: it never leaves the team. */
export const SOCIAL_LABELS = ['supportive', 'neutral', 'risky'] as const;
export type SocialLabel = (typeof SOCIAL_LABELS)[number];

/** A person on the map as the client names them (a nickname is fine). */
export interface SocialPersonInput {
  name: string;
  relationship?: string | null;
  label: SocialLabel;
  inRecovery?: boolean;
  phone?: string | null;
  email?: string | null;
}

export type SocialPersonPatch = Partial<SocialPersonInput>;

/** The map as the care team and the client see it: labels included. */
export interface SocialPersonView {
  id: string;
  name: string;
  relationship: string | null;
  label: SocialLabel;
  inRecovery: boolean;
  phone: string | null;
  email: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The label-free projection of a person, for everything that leaves the care team (a supporter's view, an
 * export, an SMS): a first name or nickname and, when the client gave it themself, a phone number. No
 * label, no "in recovery", no relationship (which can itself say "old using friend"), no email.
 */
export interface ShareablePerson {
  id: string;
  firstName: string;
  phone: string | null;
}

/** One change to a person, with the state after it: the history the team and the client read. */
export interface SocialPersonChange {
  personId: string;
  version: number;
  changedFields: string[];
  name: string;
  relationship: string | null;
  label: SocialLabel;
  inRecovery: boolean;
  phone: string | null;
  email: string | null;
  removed: boolean;
  changedBy: string;
  changedByRole: string;
  changedAt: Date;
}

/** The columns of `social_person` that a change can touch, by the name the API uses. */
export const EDITABLE_FIELDS = ['name', 'relationship', 'label', 'inRecovery', 'phone', 'email'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export interface SocialPersonRow {
  id: string;
  name: string;
  relationship: string | null;
  label: SocialLabel;
  in_recovery: boolean;
  phone: string | null;
  phone_from_client: boolean;
  email: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export function toView(row: SocialPersonRow): SocialPersonView {
  return {
    id: row.id,
    name: row.name,
    relationship: row.relationship,
    label: row.label,
    inRecovery: row.in_recovery,
    phone: row.phone,
    email: row.email,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The only way a person leaves the team: first word of the name, phone only if the client entered it. */
export function toShareable(
  row: Pick<SocialPersonRow, 'id' | 'name' | 'phone' | 'phone_from_client'>,
): ShareablePerson {
  return {
    id: row.id,
    firstName: row.name.trim().split(/\s+/)[0],
    phone: row.phone_from_client ? row.phone : null,
  };
}
