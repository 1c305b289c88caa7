/** The decoded body of the first MIME part of a raw email whose Content-Type starts with `type`. */
export function mimePart(raw: string, type: string): { headers: string; body: string } | null {
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((m) => m[1]);
  const parts = boundaries.length === 0 ? [raw] : boundaries.flatMap((b) => raw.split(`--${b}`));
  for (const part of parts) {
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const headers = part.slice(0, split);
    if (!new RegExp(`content-type:\\s*${type.replace('/', '\\/')}`, 'i').test(headers)) continue;
    const encoded = part.slice(split).trim();
    const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1].toLowerCase();
    return { headers, body: decode(encoded, encoding) };
  }
  return null;
}

function decode(text: string, encoding: string | undefined): string {
  if (encoding === 'base64') return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return text; // 7bit, 8bit
}
