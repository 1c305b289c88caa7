import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import type { DiscoveryService } from '@nestjs/core';
import { HandlesJob, collectHandlers } from '@attune/platform';
import { JOB_HANDLERS } from './job-handlers.js';

/** A DiscoveryService that finds exactly these provider classes (one instance each). */
const discovering = (...classes: (new (...args: never[]) => object)[]) =>
  ({ getProviders: () => classes.map((metatype) => ({ metatype, instance: Object.create(metatype.prototype) as object })) }) as unknown as DiscoveryService;

@Injectable()
class PlainService {}

@Injectable()
@HandlesJob('deliverMessage')
class SecondDeliverMessageHandler {
  handle(): Promise<void> {
    return Promise.resolve();
  }
}

describe('the job runner boot check (collectHandlers)', () => {
  it("finds one handler for every job in the map among the worker's handlers", () => {
    const handlers = collectHandlers(discovering(...JOB_HANDLERS, PlainService));
    expect([...handlers.keys()].sort()).toEqual(['deliverMessage', 'deliverReminder', 'escalateAlert']);
  });

  it('refuses a job with two handlers', () => {
    expect(() => collectHandlers(discovering(...JOB_HANDLERS, SecondDeliverMessageHandler))).toThrow('job deliverMessage has two handlers');
  });

  it('refuses a job without a handler', () => {
    expect(() => collectHandlers(discovering(PlainService))).toThrow('jobs without a handler: deliverMessage, deliverReminder, escalateAlert');
  });
});
