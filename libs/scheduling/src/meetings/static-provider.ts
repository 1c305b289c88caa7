import type { MeetingProvider } from './meeting-provider.js';

/** A programme's own video service: one link for every visit (the room name is kept but not used). */
export class StaticProvider implements MeetingProvider {
  readonly name = 'static' as const;
  constructor(private readonly url: string) {}

  joinUrl(): Promise<string> {
    return Promise.resolve(this.url);
  }
}
