/** One line of the accounting of disclosures (§2.25): date, recipient, description, purpose. */
export interface DisclosureView {
  id: string;
  disclosedAt: Date;
  recipient: string;
  description: string;
  purpose: string;
  basis: 'consent' | 'medical_emergency';
  consentId: string | null;
  scopes: string[];
  /** The §2.32 notice that went with it. */
  notice: string;
  /** The consent's scope as stated to the recipient (or the emergency basis). */
  consentStatement: string;
  /** §2.51 only: the nature of the emergency. */
  emergencyReason: string | null;
  /** Who at the programme made the disclosure (a user id; for a supporter's own read, the supporter). */
  disclosedBy: string;
}

/** Repeated disclosures to one recipient for one purpose, summarised (§2.25 allows it). */
export interface DisclosureSummary {
  recipient: string;
  purpose: string;
  count: number;
  first: Date;
  last: Date;
  descriptions: string[];
}

export interface DisclosureRow {
  id: string;
  disclosed_at: Date;
  recipient: string;
  description: string;
  purpose: string;
  basis: 'consent' | 'medical_emergency';
  consent_id: string | null;
  scopes: string[];
  notice: string;
  consent_statement: string;
  emergency_reason: string | null;
  disclosed_by: string;
}

export const DISCLOSURE_COLUMNS =
  'id, disclosed_at, recipient, description, purpose, basis, consent_id, scopes, notice, consent_statement, emergency_reason, disclosed_by';

export const toDisclosureView = (r: DisclosureRow): DisclosureView => ({
  id: r.id,
  disclosedAt: r.disclosed_at,
  recipient: r.recipient,
  description: r.description,
  purpose: r.purpose,
  basis: r.basis,
  consentId: r.consent_id,
  scopes: r.scopes,
  notice: r.notice,
  consentStatement: r.consent_statement,
  emergencyReason: r.emergency_reason,
  disclosedBy: r.disclosed_by,
});

export function summarise(lines: DisclosureView[]): DisclosureSummary[] {
  const groups = new Map<string, DisclosureSummary>();
  for (const d of lines) {
    const key = JSON.stringify([d.recipient.toLowerCase(), d.purpose]);
    const g = groups.get(key);
    if (!g) groups.set(key, { recipient: d.recipient, purpose: d.purpose, count: 1, first: d.disclosedAt, last: d.disclosedAt, descriptions: [d.description] });
    else {
      g.count += 1;
      if (d.disclosedAt < g.first) g.first = d.disclosedAt;
      if (d.disclosedAt > g.last) g.last = d.disclosedAt;
      if (!g.descriptions.includes(d.description)) g.descriptions.push(d.description);
    }
  }
  return [...groups.values()].sort((a, b) => b.last.getTime() - a.last.getTime());
}
