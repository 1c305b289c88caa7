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
 * Answers the V8 heap then in use and reserved (KB): what of the RSS is the JS heap.
 */
export async function collectGarbage(inspectorPort: number): Promise<{ heapUsedKb: number; heapTotalKb: number }> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  return new Promise((resolve, reject) => {
    socket.on('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' })));
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: { usedSize: number; totalSize: number } };
      if (message.id === 1) socket.send(JSON.stringify({ id: 2, method: 'Runtime.getHeapUsage' }));
      if (message.id === 2) {
        socket.close();
        resolve({ heapUsedKb: Math.round(message.result!.usedSize / 1024), heapTotalKb: Math.round(message.result!.totalSize / 1024) });
      }
    });
  });
}
