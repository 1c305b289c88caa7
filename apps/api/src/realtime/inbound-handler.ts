import type { Actor } from '@attune/identity';

/**
 * One event a device may send: its name, the DTO its payload must satisfy (class-validator, like an
 * HTTP body) and the use case it calls with the socket's authenticated actor. The gateway validates,
 * rate-limits and answers the acknowledgement; a handler only calls its service.
 */
export interface InboundHandler<D extends object = object, R = unknown> {
  event: string;
  dto: new () => D;
  handle(actor: Actor, payload: D): Promise<R>;
}

export const inbound = <D extends object, R>(event: string, dto: new () => D, handle: (actor: Actor, payload: D) => Promise<R>): InboundHandler<D, R> => ({
  event,
  dto,
  handle,
});
