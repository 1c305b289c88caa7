import { localLabel } from '@attune/platform';
import type { JoinView } from '@attune/scheduling';

/**
 * The join page: one small HTML document, no script, no external assets, so it opens fast on a slow
 * phone. It says no names and no address; the link itself is the only key.
 */
export function joinPage(view: JoinView | null, options: { checkedIn?: boolean } = {}): string {
  return layout(body(view, options));
}

function body(view: JoinView | null, options: { checkedIn?: boolean }): string {
  if (!view) return `<h1>This link does not work</h1><p>Ask your care team for a new link.</p>`;
  const when = `${localLabel(view.startsAt, view.timeZone)} (${escape(view.timeZone)})`;
  const dialIn = view.dialIn ? `<p>Dial in: <a href="tel:${escape(view.dialIn.number)}">${escape(view.dialIn.number)}</a>${view.dialIn.pin ? `, PIN ${escape(view.dialIn.pin)}` : ''}</p>` : '';
  switch (view.state) {
    case 'cancelled':
      return `<h1>This session was cancelled</h1><p>It was planned for ${when}. Your care team will be in touch.</p>`;
    case 'ended':
      return `<h1>This session has ended</h1><p>It was planned for ${when}.</p>`;
    case 'early':
      return `<h1>Your Attune session</h1><p>${when}.</p><p>Come back from ${localLabel(view.opensAt, view.timeZone)} to join.</p>${dialIn}`;
    case 'open':
      if (options.checkedIn) return `<h1>You are checked in</h1><p>Your care team will call you for this session.</p>${dialIn}`;
      return `<h1>Your Attune session</h1><p>${when}.</p><form method="post"><button type="submit">Join</button></form>${dialIn}`;
  }
}

function layout(content: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>Attune session</title><style>body{font:18px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:32rem;padding:0 1rem}button{font-size:1.25rem;padding:.75rem 2.5rem;border-radius:.5rem;border:0;background:#1d5f8a;color:#fff}</style>
</head><body>${content}</body></html>`;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
