/**
 * Quick pairing in the lobby (PROTOCOL §6, Quick pairing): joining and leaving pools, and the
 * pairing waves. Pool entries live in the exchange, so the lobbies of every process see each
 * other's players; each lobby pairs the players queued through it (with anyone in the pool), as
 * soon as one joins and then once a second while any waits. Which partner fits is
 * src/lobby/pools.ts. A pool place belongs to the lobby connection that took it.
 */
import { matchMaker } from '@colyseus/core';
import type { PlayerAuth } from '../../src/auth/room-auth.ts';
import { Refusal } from '../../src/games/refusal.ts';
import { bestPartner } from '../../src/lobby/pools.ts';
import type { Logger } from '../../src/log.ts';
import type { RoomTimers } from '../shared/timers.ts';
import { findPool, LOBBY_GAMES } from '../../src/lobby/catalog.ts';
import type { LobbyExchange, QueuedEntry } from './exchange.ts';
import { checkRated, type StartMatch } from './matching.ts';
import { ratingIn, type Member, type RefreshRatings } from './members.ts';
import { liveNodes } from './nodes.ts';

/** Pools are paired on joining and then once a second while someone waits here. */
const WAVE_MS = 1000;

export interface PoolDeps {
  exchange: LobbyExchange;
  timers: RoomTimers;
  now: () => number;
  log: Logger;
  refreshRatings: RefreshRatings;
  start: StartMatch;
}

function auth(entry: QueuedEntry): PlayerAuth {
  return { id: entry.playerId, username: entry.username, guest: entry.guest };
}

export class Pools {
  readonly #deps: PoolDeps;
  /** Players queued through this lobby, by pool: this process pairs them. */
  readonly #queued = new Map<string, Set<string>>();
  /** The pools each lobby connection (by session id) joined. */
  readonly #joined = new Map<string, Set<string>>();
  #pairing: Promise<void> = Promise.resolve();

  constructor(deps: PoolDeps) {
    this.#deps = deps;
  }

  /** `queue` → `queue:joined`, then a pairing pass at once. */
  async enter(member: Member, name: string, wantsRated: boolean | undefined): Promise<void> {
    const found = findPool(name);
    if (!found) throw new Refusal('UNKNOWN_POOL', `there is no pool "${name}"`);
    const rated = wantsRated ?? !member.player.guest;
    const game = LOBBY_GAMES[found.game]!;
    checkRated(rated, found.settings, game, [member.player]);
    await this.#deps.refreshRatings(member);
    const rating = ratingIn(member, game.category(found.settings)).rating;
    const entry: QueuedEntry = {
      playerId: member.player.id, username: member.player.username, guest: member.player.guest, rating, rated,
      joinedAt: this.#deps.now(), node: matchMaker.processId, sessionId: member.client.sessionId,
    };
    await this.#deps.exchange.enter(name, entry);
    this.#poolsOf(member).add(name);
    this.#queuedIn(name).add(member.player.id);
    member.client.send('queue:joined', { pool: name, rated, rating: Math.round(rating) });
    this.#pairNow();
  }

  /** `queue:leave` → `queue:left`: one pool, or every pool this connection joined. */
  async leave(member: Member, pool: string | undefined): Promise<void> {
    const joined = this.#joined.get(member.client.sessionId);
    const pools = pool ? [pool] : [...(joined ?? [])];
    for (const name of pools) {
      await this.#deps.exchange.leave(name, member.player.id);
      joined?.delete(name);
      this.#queued.get(name)?.delete(member.player.id);
    }
    member.client.send('queue:left', { pools });
  }

  /** The member's lobby connection left: the places it took go (not one a later connection took). */
  async drop(member: Member): Promise<void> {
    const { client, player } = member;
    const joined = this.#joined.get(client.sessionId) ?? [];
    this.#joined.delete(client.sessionId);
    for (const pool of joined) {
      const entry = await this.#deps.exchange.entry(pool, player.id);
      if (entry?.sessionId === client.sessionId) await this.#deps.exchange.leave(pool, player.id);
      this.#queued.get(pool)?.delete(player.id);
    }
  }

  #poolsOf(member: Member): Set<string> {
    const { sessionId } = member.client;
    if (!this.#joined.has(sessionId)) this.#joined.set(sessionId, new Set());
    return this.#joined.get(sessionId)!;
  }

  #queuedIn(pool: string): Set<string> {
    if (!this.#queued.has(pool)) this.#queued.set(pool, new Set());
    return this.#queued.get(pool)!;
  }

  /** One pairing pass over the pools with players queued here, then again in a second if any still wait. */
  #pairNow(): void {
    const { timers, now, log } = this.#deps;
    this.#pairing = this.#pairing.then(async () => {
      for (const pool of this.#queued.keys()) await this.#pairPool(pool);
      const waiting = [...this.#queued.values()].some((ids) => ids.size > 0);
      timers.set('wave', waiting ? now() + WAVE_MS : undefined, () => this.#pairNow());
    }).catch((error: unknown) => log.error({ err: error }, 'pairing failed'));
  }

  /** Pairs each player queued here, longest waiting first, with their best partner among the free entries of live processes. */
  async #pairPool(pool: string): Promise<void> {
    const { exchange, start } = this.#deps;
    const found = findPool(pool)!;
    const local = this.#queued.get(pool)!;
    const live = await liveNodes();
    const free = new Map((await exchange.entries(pool)).filter((entry) => live.has(entry.node)).map((entry) => [entry.playerId, entry]));
    for (const id of local) if (!free.has(id)) local.delete(id);
    const now = this.#deps.now();
    const mine = [...free.values()].filter((entry) => local.has(entry.playerId)).sort((a, b) => a.joinedAt - b.joinedAt);
    for (const entry of mine) {
      if (!free.has(entry.playerId)) continue;
      const partner = bestPartner(entry, [...free.values()], now) as QueuedEntry | undefined;
      if (!partner) continue;
      const release = await exchange.claim([entry.playerId, partner.playerId]);
      if (!release) continue;
      try {
        free.delete(entry.playerId);
        free.delete(partner.playerId);
        if (!(await exchange.leave(pool, entry.playerId))) continue;
        if (!(await exchange.leave(pool, partner.playerId))) {
          await exchange.enter(pool, entry);
          free.set(entry.playerId, entry);
          continue;
        }
        local.delete(entry.playerId);
        local.delete(partner.playerId);
        await start({ game: found.game, settings: found.settings, rated: entry.rated, color: 'random', players: [auth(entry), auth(partner)] })
          .catch(async () => {
            for (const back of [entry, partner]) await exchange.enter(pool, back);
          });
      } finally {
        await release();
      }
    }
  }
}
