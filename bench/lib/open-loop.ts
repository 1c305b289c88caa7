import { performance } from 'node:perf_hooks';
import { round } from './load.js';

export interface RateResult {
  targetRps: number;
  achievedRps: number;
  requests: number;
  errors: number;
  p50: number;
  p99: number;
}

/**
 * Open-loop load: starts `task` at a fixed rate for `seconds` whatever the answers take (a slow answer
 * does not slow the arrivals, as with real phones), and measures each one's latency from its start.
 */
export async function runAtRate(task: () => Promise<void>, rps: number, seconds: number): Promise<RateResult> {
  const latencies: number[] = [];
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  const total = Math.floor(rps * seconds);
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rps;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait)); // pacing the arrivals is the point here
    const t0 = performance.now();
    inFlight.push(
      task().then(
        () => void latencies.push(performance.now() - t0),
        () => void errors++,
      ),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN);
  return { targetRps: round(rps), achievedRps: round(latencies.length / elapsed), requests: latencies.length, errors, p50: at(0.5), p99: at(0.99) };
}
