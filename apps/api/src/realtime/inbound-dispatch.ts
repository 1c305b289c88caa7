import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Socket } from 'socket.io';
import { failure, invalidPayload, type AckReply } from './ack-reply.js';
import type { InboundHandler } from './inbound-handler.js';
import { socketActor } from './socket-data.js';

/** Per socket: a device may send this many events in this window (a burst of 100 messages fits). */
const EVENTS_PER_WINDOW = 300;
const WINDOW_SECONDS = 10;

/** Runs one inbound event: rate limit, validation, the use case, the acknowledgement. Never throws. */
@Injectable()
export class InboundDispatch {
  private readonly limiter = new RateLimiterMemory({ points: EVENTS_PER_WINDOW, duration: WINDOW_SECONDS });

  bind(socket: Socket, handlers: readonly InboundHandler[]): void {
    for (const handler of handlers) {
      socket.on(handler.event, (payload: unknown, ack?: unknown) => {
        void this.run(socket, handler, payload).then((reply) => {
          if (typeof ack === 'function') (ack as (reply: AckReply) => void)(reply);
        });
      });
    }
    socket.once('disconnect', () => void this.limiter.delete(socket.id));
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
