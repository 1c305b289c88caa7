import { request, type Agent } from 'node:http';

export interface ApiAnswer {
  status: number;
  /** The body as text (JSON.parse it where the answer is needed). */
  body: string;
}

/**
 * One request to the api as a bench's load generator sends it: node:http on the caller's kept-alive agent
 * (fetch costs the shared cores several times more), a bearer token, an optional JSON body.
 */
export function apiCall(agent: Agent, url: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', token: string, body?: unknown): Promise<ApiAnswer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) };
    const req = request(url, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}
