import { DeliverMessageHandler } from './messages/deliver-message.handler.js';

/** Every @HandlesJob provider of the worker. JobRunner refuses to boot unless each job has exactly one. */
export const JOB_HANDLERS = [DeliverMessageHandler];
