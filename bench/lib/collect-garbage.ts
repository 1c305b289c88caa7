import { createRequire } from 'node:module';

interface MiniWebSocket {
  on(event: 'open' | 'close', listener: () => void): void;
  on(event: 'message', listener: (data: Buffer) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  send(data: string): void;
  close(): void;
}

// `ws` comes with socket.io (engine.io's WebSocket server); Node 20 has no WebSocket client without a flag.
const { WebSocket } = createRequire(import.meta.url)('ws') as { WebSocket: new (url: string) => MiniWebSocket };

/**
 * Runs a full garbage collection in a process started with `--inspect=127.0.0.1:<port>`, through the
 * DevTools protocol, so a memory figure counts what is kept, not what happens not to be collected yet.
 */
export async function collectGarbage(inspectorPort: number): Promise<void> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' })));
    socket.on('message', (data) => {
      if ((JSON.parse(data.toString()) as { id?: number }).id === 1) {
        socket.close();
        resolve();
      }
    });
  });
}
