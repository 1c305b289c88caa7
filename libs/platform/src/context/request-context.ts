import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestContextValue {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContextValue>();

/** The current request's id (for audit and logs) without threading it through every call. */
export const RequestContext = {
  run<T>(value: RequestContextValue, fn: () => T): T {
    return storage.run(value, fn);
  },
  requestId(): string | null {
    return storage.getStore()?.requestId ?? null;
  },
};
