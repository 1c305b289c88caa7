import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { PeriodicTask } from './periodic-task.js';

/** A task whose runs finish only when the test says so. */
function controlledTask() {
  const finishers: (() => void)[] = [];
  const task = jest.fn(() => new Promise<void>((resolve) => finishers.push(resolve)));
  return { task, finishRun: () => finishers.shift()?.() };
}

const settle = () => Promise.resolve().then(() => Promise.resolve()).then(() => Promise.resolve());

describe('PeriodicTask', () => {
  const errors: string[] = [];
  const log = { error: (_obj: unknown, message: string) => void errors.push(message) };
  beforeEach(() => {
    jest.useFakeTimers();
    errors.length = 0;
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('runs at start, then every interval, never two runs at once', async () => {
    const { task, finishRun } = controlledTask();
    const periodic = new PeriodicTask('test', 1000, task, log);
    periodic.start();
    expect(task).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1000); // the first run is still going: this tick is skipped
    expect(task).toHaveBeenCalledTimes(1);
    finishRun();
    await settle();
    jest.advanceTimersByTime(1000);
    expect(task).toHaveBeenCalledTimes(2);
    finishRun();
    await periodic.stop();
    jest.advanceTimersByTime(5000);
    expect(task).toHaveBeenCalledTimes(2);
  });

  it('waits for a run in progress when stopped, and logs a failed run without stopping', async () => {
    const { task, finishRun } = controlledTask();
    const periodic = new PeriodicTask('test', 1000, task, log);
    periodic.start();
    let stopped = false;
    const stopping = periodic.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    finishRun();
    await stopping;
    expect(stopped).toBe(true);

    const failing = new PeriodicTask('failing task', 1000, () => Promise.reject(new Error('database away')), log);
    failing.start();
    await settle();
    jest.advanceTimersByTime(1000);
    await failing.stop();
    expect(errors).toEqual(['failing task failed', 'failing task failed']);
  });
});
