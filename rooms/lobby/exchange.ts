/**
 * The lobby's shared state, kept in the presence: Redis when several processes run, memory
 * otherwise, with the same code. Every process sees the same seeks, pool entries and
 * challenges. Taking one (accepting a seek, pairing a queued player, answering a challenge)
 * deletes it from its hash, which succeeds for exactly one taker. Players about to be paired are
 * claimed first (a short-lived key per player), so no one is paired twice even when processes
 * pair at the same moment. Messages to a player go through a channel of their own, which the
 * lobby holding their connection forwards.
 */
import type { Presence } from '@colyseus/core';
import type { PoolEntry } from '../../src/lobby/pools.ts';
import type { Seek } from '../../src/lobby/seeks.ts';

const SEEKS = 'lobby:seeks';
const SEEK_COUNTS = 'lobby:seek-counts';
const SEEK_EVENTS = 'lobby:seek-events';
const CHALLENGES = 'lobby:challenges';
const SIZES = 'lobby:sizes';
const pool = (name: string) => `lobby:pool:${name}`;
const claim = (playerId: string) => `lobby:claim:${playerId}`;
const inbox = (playerId: string) => `lobby:to:${playerId}`;

/** Deliveries of this type are for the lobby itself. */
export const RATINGS_CHANGED = '$ratings';

/** A claim lasts until released, or this long if its process dies holding it. */
const CLAIM_SECONDS = 10;

/** Where an entry came from: the lobby connection that made it (its leave takes it away). */
export interface Origin { node: string; sessionId: string }

export type StoredSeek = Seek & Origin;
export type QueuedEntry = PoolEntry & Origin & { guest: boolean };

export interface Challenge {
  id: string;
  game: string;
  settings: Record<string, unknown>;
  rated: boolean;
  color: 'white' | 'black' | 'random';
  from: { id: string; username: string; guest: boolean };
  to: { id: string; username: string };
  expiresAt: number;
}

export type SeekEvent = { op: '+'; seek: StoredSeek } | { op: '-'; id: string };
export interface Delivery { type: string; payload: unknown }

function parse<T>(raw: string | null | undefined): T | undefined {
  return raw ? JSON.parse(raw) as T : undefined;
}

export class LobbyExchange {
  readonly #presence: Presence;

  constructor(presence: Presence) {
    this.#presence = presence;
  }

  /** Claims all these players or none; resolves to a release, or undefined if one is claimed already. */
  async claim(playerIds: readonly string[]): Promise<(() => Promise<void>) | undefined> {
    const ids = [...new Set(playerIds)].sort();
    const held: string[] = [];
    const release = async () => { for (const id of held) await this.#presence.del(claim(id)); };
    for (const id of ids) {
      if (await this.#presence.incr(claim(id)) !== 1) {
        await release();
        return undefined;
      }
      held.push(id);
      await this.#presence.expire(claim(id), CLAIM_SECONDS);
    }
    return release;
  }

  // Seeks

  /** Stores a seek unless its player already has `max`; false when they do. */
  async putSeek(seek: StoredSeek, max: number): Promise<boolean> {
    if (await this.#presence.hincrby(SEEK_COUNTS, seek.player.id, 1) > max) {
      await this.#presence.hincrby(SEEK_COUNTS, seek.player.id, -1);
      return false;
    }
    await this.#presence.hset(SEEKS, seek.id, JSON.stringify(seek));
    this.#presence.publish(SEEK_EVENTS, { op: '+', seek } satisfies SeekEvent);
    return true;
  }

  async seek(id: string): Promise<StoredSeek | undefined> {
    return parse<StoredSeek>(await this.#presence.hget(SEEKS, id));
  }

  async seeks(): Promise<StoredSeek[]> {
    return Object.values(await this.#presence.hgetall(SEEKS)).map((raw) => JSON.parse(raw) as StoredSeek);
  }

  /** Removes a seek; resolves to it for the one caller that removed it, undefined for others. */
  async takeSeek(id: string): Promise<StoredSeek | undefined> {
    const seek = await this.seek(id);
    if (!seek || !(await this.#presence.hdel(SEEKS, id))) return undefined;
    await this.#presence.hincrby(SEEK_COUNTS, seek.player.id, -1);
    this.#presence.publish(SEEK_EVENTS, { op: '-', id } satisfies SeekEvent);
    return seek;
  }

  async onSeekEvent(listener: (event: SeekEvent) => void): Promise<() => void> {
    await this.#presence.subscribe(SEEK_EVENTS, listener);
    return () => this.#presence.unsubscribe(SEEK_EVENTS, listener);
  }

  // Pools

  async enter(poolName: string, entry: QueuedEntry): Promise<void> {
    await this.#presence.hset(pool(poolName), entry.playerId, JSON.stringify(entry));
  }

  async entries(poolName: string): Promise<QueuedEntry[]> {
    return Object.values(await this.#presence.hgetall(pool(poolName))).map((raw) => JSON.parse(raw) as QueuedEntry);
  }

  async entry(poolName: string, playerId: string): Promise<QueuedEntry | undefined> {
    return parse<QueuedEntry>(await this.#presence.hget(pool(poolName), playerId));
  }

  /** Takes a player out of a pool; true for the one caller that did. */
  async leave(poolName: string, playerId: string): Promise<boolean> {
    return this.#presence.hdel(pool(poolName), playerId);
  }

  // Challenges

  async putChallenge(challenge: Challenge): Promise<void> {
    await this.#presence.hset(CHALLENGES, challenge.id, JSON.stringify(challenge));
  }

  async challenge(id: string): Promise<Challenge | undefined> {
    return parse<Challenge>(await this.#presence.hget(CHALLENGES, id));
  }

  async challenges(): Promise<Challenge[]> {
    return Object.values(await this.#presence.hgetall(CHALLENGES)).map((raw) => JSON.parse(raw) as Challenge);
  }

  /** Removes a challenge; resolves to it for the one caller that removed it. */
  async takeChallenge(id: string): Promise<Challenge | undefined> {
    const challenge = await this.challenge(id);
    return challenge && await this.#presence.hdel(CHALLENGES, id) ? challenge : undefined;
  }

  // Messages to players, and lobby sizes

  send(playerId: string, type: string, payload: unknown): void {
    this.#presence.publish(inbox(playerId), { type, payload } satisfies Delivery);
  }

  /** Tells the lobby holding this player that their ratings changed (not forwarded to clients). */
  ratingsChanged(playerId: string): void {
    this.send(playerId, RATINGS_CHANGED, null);
  }

  async listen(playerId: string, listener: (delivery: Delivery) => void): Promise<() => void> {
    await this.#presence.subscribe(inbox(playerId), listener);
    return () => this.#presence.unsubscribe(inbox(playerId), listener);
  }

  async setSize(node: string, players: number): Promise<void> {
    if (players > 0) await this.#presence.hset(SIZES, node, String(players));
    else await this.#presence.hdel(SIZES, node);
  }

  async sizes(): Promise<Record<string, number>> {
    const raw = await this.#presence.hgetall(SIZES);
    return Object.fromEntries(Object.entries(raw ?? {}).map(([node, size]) => [node, Number(size)]));
  }
}
