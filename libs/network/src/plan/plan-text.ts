import type { ShareablePerson } from '../social-map/social-person.js';
import type { PlanContent } from './plan-content.js';

/** At most this many SMS segments: long enough for the essentials, short enough to arrive as one text. */
export const MAX_SEGMENTS = 3;

// GSM 03.38 basic set (and the extension characters, which count double).
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENDED = new Set('^{}\\[~]|€');

/** Segments an SMS of this text takes: GSM-7 (160, or 153 when split) or UCS-2 (70, or 67 when split). */
export function smsSegments(text: string): number {
  const chars = [...text];
  const gsm = chars.every((c) => GSM_BASIC.has(c) || GSM_EXTENDED.has(c));
  const units = gsm
    ? chars.reduce((n, c) => n + (GSM_EXTENDED.has(c) ? 2 : 1), 0)
    : chars.reduce((n, c) => n + (c.codePointAt(0)! > 0xffff ? 2 : 1), 0);
  const [single, split] = gsm ? [160, 153] : [70, 67];
  return units <= single ? 1 : Math.ceil(units / split);
}

/**
 * The plan as one text message of at most MAX_SEGMENTS segments, for the client's own phone. Most urgent
 * first: crisis lines, people to call (first name or nickname, and a phone only where the client gave
 * it), coping strategies, warning signs, reasons. Items that do not fit are left out, whole, and the text
 * says so. People appear by the label-free projection only: no "supportive", "risky" or "in recovery".
 */
export function planText(
  content: PlanContent,
  people: ShareablePerson[],
): { text: string; segments: number } {
  const byId = new Map(people.map((p) => [p.id, p]));
  const sections: [string, string[]][] = [
    ['Crisis', content.crisisLines.map((l) => `${l.name} ${l.phone}`)],
    [
      'Call',
      content.peopleToCall
        .flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []))
        .map((p) => (p.phone ? `${p.firstName} ${p.phone}` : p.firstName)),
    ],
    ['Cope', content.copingStrategies],
    ['Signs', content.warningSigns],
    ['Why', content.reasonsForRecovery],
  ];
  const header = 'My plan.';
  const more = ' (More in the app.)';
  const parts: string[][] = sections.map(() => []);
  let omitted = false;
  const render = (withMore: boolean) =>
    [
      header,
      ...sections.flatMap(([title], i) => (parts[i].length ? [`${title}: ${parts[i].join('; ')}.`] : [])),
    ].join(' ') + (withMore ? more : '');
  sections.forEach(([, items], i) => {
    for (const item of items) {
      parts[i].push(item);
      if (smsSegments(render(true)) > MAX_SEGMENTS) {
        parts[i].pop();
        omitted = true;
      }
    }
  });
  const text = render(omitted);
  return { text, segments: smsSegments(text) };
}
