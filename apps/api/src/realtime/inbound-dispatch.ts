import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Socket } from 'socket.io';
import { failure, invalidPayload, type AckReply } from './ack-reply.js';
import type { InboundHandler } from './inbound-handler.js';
import { sharedSocketListener, socketActor } from './socket-data.js';

/** Per socket: a device may send this many events in this window (a burst of 100 messages fits). */
const EVENTS_PER_WINDOW = 300;
const WINDOW_SECONDS = 10;

/**
 * Runs one inbound event: rate limit, validation, the use case, the acknowledgement. Never throws.
 * One listener function for all sockets (socket.io's `onAny`) and one handler table for all: a node holds
 * thousands of idle sockets, and a closure per event per socket was a measurable part of each socket's memory.
 */
@Injectable()
export class InboundDispatch {
  private readonly limiter = new RateLimiterMemory({ points: EVENTS_PER_WINDOW, duration: WINDOW_SECONDS });
  private handlers = new Map<string, InboundHandler>();

  /** The events devices may send (the gateway passes SocketHandlers.all once, at start). */
  use(handlers: readonly InboundHandler[]): void {
    this.handlers = new Map(handlers.map((h) => [h.event, h]));
  }

  bind(socket: Socket): void {
    socket.onAny(this.onAny);
  }

  private readonly onAny = sharedSocketListener((socket, event: string, ...args: unknown[]) => this.receive(socket, event, args));

  private receive(socket: Socket, event: string, args: unknown[]): void {
    // The acknowledgement is the last argument when the device asked for one (even with no payload).
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as (reply: AckReply) => void) : undefined;
    const payload = args[0];
    const handler = this.handlers.get(event);
    const reply = handler ? this.run(socket, handler, payload) : Promise.resolve<AckReply>({ ok: false, status: 404, error: `event: ${event} is not one this server accepts` });
    void reply.then((answer) => ack?.(answer));
  }

  /** The socket is gone: its rate-limit window goes with it. */
  forget(socketId: string): void {
    void this.limiter.delete(socketId);
  }

  private async run(socket: Socket, handler: InboundHandler, payload: unknown): Promise<AckReply> {
    try {
      await this.limiter.consume(socket.id);
    } catch (error) {
      if (error instanceof RateLimiterRes) return { ok: false, status: 429, error: `too many events; retry in ${Math.ceil(error.msBeforeNext / 1000)} s` };
      return failure(error, handler.event);
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      return { ok: false, status: 422, error: 'payload: must be an object', fields: ['payload'] };
    }
    const dto = plainToInstance(handler.dto, payload, { enableImplicitConversion: false });
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
    if (errors.length > 0) return invalidPayload(errors);
    try {
      return { ok: true, data: await handler.handle(socketActor(socket), dto) };
    } catch (error) {
      return failure(error, handler.event);
    }
  }
}
