import { describe, expect, it } from '@jest/globals';
import { decodeProtectedHeader } from 'jose/decode/protected_header';
import { exportPKCS8 } from 'jose/key/export';
import { generateKeyPair } from 'jose/key/generate/keypair';
import { jwtVerify } from 'jose/jwt/verify';
import { JaasProvider } from './jaas-provider.js';
import { JitsiProvider } from './jitsi-provider.js';
import { newRoomName } from './meeting-provider.js';
import { StaticProvider } from './static-provider.js';

const window = { opensAt: new Date('2026-03-10T14:45:00Z'), closesAt: new Date('2026-03-10T16:00:00Z') };
const tokenOf = (url: string) => new URL(url).searchParams.get('jwt')!;
const at = (d: Date) => ({ currentDate: new Date(d.getTime() + 60_000) });

describe('meeting providers', () => {
  it('names rooms with 128 random lowercase bits', () => {
    const rooms = new Set(Array.from({ length: 100 }, newRoomName));
    expect(rooms.size).toBe(100);
    for (const room of rooms) expect(room).toMatch(/^[0-9a-f]{32}$/);
  });

  it('signs a self-hosted Jitsi token (HS256) for the room and the join window; staff moderate and bypass the lobby', async () => {
    const secret = 'a-jitsi-app-secret-of-at-least-32-characters';
    const jitsi = new JitsiProvider({ domain: 'meet.example.org', appId: 'attune', appSecret: secret });
    const room = newRoomName();
    const staffUrl = await jitsi.joinUrl(room, { userId: 'u1', firstName: 'Priya', moderator: true }, window);
    expect(staffUrl.startsWith(`https://meet.example.org/${room}?jwt=`)).toBe(true);
    const { payload, protectedHeader } = await jwtVerify(tokenOf(staffUrl), new TextEncoder().encode(secret), { issuer: 'attune', audience: 'jitsi', subject: 'meet.example.org', ...at(window.opensAt) });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({ room, nbf: window.opensAt.getTime() / 1000, exp: window.closesAt.getTime() / 1000 });
    expect(payload.context).toEqual({ user: { id: 'u1', name: 'Priya', moderator: true, affiliation: 'owner', lobby_bypass: true } });

    const clientUrl = await jitsi.joinUrl(room, { userId: 'u2', firstName: 'Sam', moderator: false }, window);
    const client = await jwtVerify(tokenOf(clientUrl), new TextEncoder().encode(secret), at(window.opensAt));
    expect(client.payload.context).toEqual({ user: { id: 'u2', name: 'Sam', moderator: false, affiliation: 'member', lobby_bypass: false } });
    // Outside the window the token does not verify; with another secret never.
    await expect(jwtVerify(tokenOf(clientUrl), new TextEncoder().encode(secret), { currentDate: new Date(window.closesAt.getTime() + 3600_000) })).rejects.toThrow(/exp/);
    await expect(jwtVerify(tokenOf(clientUrl), new TextEncoder().encode(secret), { currentDate: new Date(window.opensAt.getTime() - 3600_000) })).rejects.toThrow(/nbf/);
    await expect(jwtVerify(tokenOf(clientUrl), new TextEncoder().encode('x'.repeat(40)), at(window.opensAt))).rejects.toThrow(/signature/);
  });

  it('signs an 8x8 JaaS token (RS256) with the key id, tenant and room', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jaas = new JaasProvider({ appId: 'vpaas-magic-cookie-abc', keyId: 'vpaas-magic-cookie-abc/k1', privateKey: await exportPKCS8(privateKey) });
    const room = newRoomName();
    const url = await jaas.joinUrl(room, { userId: 'u1', firstName: 'Priya', moderator: true }, window);
    expect(url.startsWith(`https://8x8.vc/vpaas-magic-cookie-abc/${room}?jwt=`)).toBe(true);
    expect(decodeProtectedHeader(tokenOf(url))).toEqual({ alg: 'RS256', kid: 'vpaas-magic-cookie-abc/k1', typ: 'JWT' });
    const { payload } = await jwtVerify(tokenOf(url), publicKey, { issuer: 'chat', audience: 'jitsi', subject: 'vpaas-magic-cookie-abc', ...at(window.opensAt) });
    expect(payload).toMatchObject({ room, nbf: window.opensAt.getTime() / 1000, exp: window.closesAt.getTime() / 1000 });
    expect((payload.context as { user: unknown }).user).toEqual({ id: 'u1', name: 'Priya', moderator: 'true' });
    const other = await generateKeyPair('RS256');
    await expect(jwtVerify(tokenOf(url), other.publicKey, at(window.opensAt))).rejects.toThrow(/signature/);
  });

  it('gives the programme\'s own link for static, and a bare room on the public meet.jit.si', async () => {
    expect(await new StaticProvider('https://video.example.org/attune').joinUrl()).toBe('https://video.example.org/attune');
    const demo = await new JitsiProvider({ domain: 'meet.jit.si' }).joinUrl('abc', { userId: 'u', firstName: 'Sam', moderator: false }, window);
    expect(demo).toBe('https://meet.jit.si/abc#userInfo.displayName=%22Sam%22');
  });
});
