/**
 * The lobby's live listing of game rooms (PROTOCOL §6), in the messages of Colyseus's stock
 * LobbyRoom: `rooms` (every listed room a client's filter lets through), then `+ [roomId, room]`
 * when one opens or changes and `- roomId` when it closes or leaves the filter. It differs from
 * the stock lobby in three ways:
 * - a filter is checked data (`listingFilter`), and a room without metadata simply does not match
 *   a metadata filter (the stock lobby threw, which stopped the process);
 * - a room is sent again only when its listing changed (a seat change used to arrive as three
 *   `+`, one identical to the one before: every update is announced, then read back, by id);
 * - with no `name`, a filter does not hide every room (the stock lobby compared `undefined`).
 */
import { matchMaker, subscribeLobby, type Client, type IRoomCache } from '@colyseus/core';
import { z } from 'zod';

const metadataValue = z.union([z.string().max(100), z.number(), z.boolean(), z.null()]);

export const listingFilter = z.object({
  name: z.string().min(1).max(32).optional(),
  metadata: z.record(z.string().min(1).max(32), metadataValue)
    .refine((fields) => Object.keys(fields).length <= 8, 'has more than 8 fields').optional(),
}).strict();

export type ListingFilter = z.output<typeof listingFilter>;

interface Watcher {
  client: Client;
  filter: ListingFilter | undefined;
}

function shows(room: IRoomCache, filter: ListingFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.name !== undefined && filter.name !== room.name) return false;
  if (!filter.metadata) return true;
  const metadata: Record<string, unknown> = room.metadata ?? {};
  return Object.entries(filter.metadata).every(([field, value]) => Object.hasOwn(metadata, field) && metadata[field] === value);
}

export class LobbyListing {
  readonly #rooms = new Map<string, { room: IRoomCache; shown: string }>();
  readonly #watchers = new Map<string, Watcher>();
  #stop: (() => void) | undefined;

  /** Subscribes to listing changes on every process, then reads the current listing. */
  async open(): Promise<void> {
    this.#stop = await subscribeLobby((roomId, room) => this.#changed(roomId, room));
    for (const room of await matchMaker.query({ private: false, unlisted: false })) {
      this.#rooms.set(room.roomId, { room, shown: JSON.stringify(room) });
    }
  }

  close(): void {
    this.#stop?.();
  }

  /** Every listed room, whatever the filters. */
  rooms(): IRoomCache[] {
    return [...this.#rooms.values()].map(({ room }) => room);
  }

  /** Sends this client the rooms its filter lets through, and from now on what changes of them. */
  watch(client: Client, filter: ListingFilter | undefined): void {
    this.#watchers.set(client.sessionId, { client, filter });
    client.send('rooms', this.rooms().filter((room) => shows(room, filter)));
  }

  unwatch(client: Client): void {
    this.#watchers.delete(client.sessionId);
  }

  #changed(roomId: string, room: IRoomCache | null): void {
    const before = this.#rooms.get(roomId);
    if (!room) {
      if (!before) return;
      this.#rooms.delete(roomId);
      for (const { client, filter } of this.#watchers.values()) if (shows(before.room, filter)) client.send('-', roomId);
      return;
    }
    const shown = JSON.stringify(room);
    if (before?.shown === shown) return;
    this.#rooms.set(roomId, { room, shown });
    for (const { client, filter } of this.#watchers.values()) {
      const had = before !== undefined && shows(before.room, filter);
      if (shows(room, filter)) client.send('+', [roomId, room]);
      else if (had) client.send('-', roomId);
    }
  }
}
