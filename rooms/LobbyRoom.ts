/**
 * LobbyRoom (PROTOCOL §6): the live listing of game rooms (lobby/listing.ts, in the messages of
 * Colyseus's stock lobby) plus seeks, quick pairing pools and challenges, over state every process
 * shares (lobby/exchange.ts). There is one lobby per process (each join lands in the lobby of the
 * process that took the request); players in different lobbies see and take each other's offers.
 *
 * The room holds the members (one per lobby connection, lobby/members.ts) and their message
 * budgets, the message table with its refusals, the listing and the statistics. Each way of
 * finding a game is a module of its own, given what it needs: lobby/seeks.ts, lobby/pools.ts,
 * lobby/challenges.ts (what they share on the way to a game: lobby/matching.ts).
 */
import { matchMaker, Room, type AuthContext, type Client } from '@colyseus/core';
import { z } from 'zod';
import type { PlayerAuth } from '../src/auth/room-auth.ts';
import { Refusal } from '../src/games/refusal.ts';
import type { Logger } from '../src/log.ts';
import { runtime } from '../src/runtime.ts';
import { checkConnectionPlayer } from '../src/transport/identity.ts';
import { ratingsOf } from '../src/services/rating-selectors.ts';
import { Challenges } from './lobby/challenges.ts';
import { LobbyExchange, RATINGS_CHANGED, type Delivery } from './lobby/exchange.ts';
import { LobbyListing, listingFilter } from './lobby/listing.ts';
import { matchStarter } from './lobby/matching.ts';
import type { Member } from './lobby/members.ts';
import { liveNodes } from './lobby/nodes.ts';
import * as payloads from './lobby/payloads.ts';
import { Pools } from './lobby/pools.ts';
import { Seeks } from './lobby/seeks.ts';
import { NO_PATCH_INTERVAL } from './shared/game-room.ts';
import { gamesInPlay } from './shared/games-in-play.ts';
import { parsePayload, replyRefusal } from './shared/messages.ts';
import { ACTION_LIMIT, FILTER_LIMIT, TokenBucket } from './shared/rate-limit.ts';
import { guardRoomHooks } from './shared/public-errors.ts';
import { admitClient, parseOptions } from './shared/server-options.ts';
import { RoomTimers } from './shared/timers.ts';

/** Lobby statistics go out at most this often. */
const STATS_MS = 1000;

/** A lobby join's options; `node` is the process's own id, set by `onAuth` (never the client's). */
const joinOptions = z.object({
  filter: listingFilter.optional(),
  ratingRange: payloads.ratingRange.optional(),
  node: z.string().optional(),
}).strict();

export class LobbyRoom extends Room {
  /** The lobby of the process that took the join: its own node id decides which lobby it is. */
  static override async onAuth(token: string, options: unknown, _context: AuthContext): Promise<PlayerAuth> {
    const player = await admitClient(token, options);
    if (typeof options === 'object' && options !== null) (options as { node?: string }).node = matchMaker.processId;
    return player;
  }

  constructor() {
    super();
    guardRoomHooks(this, () => this.#log);
  }

  readonly #rt = runtime();
  #log: Logger = this.#rt.log;
  readonly #timers = new RoomTimers(this.#rt.scheduler, () => this.#log);
  #exchange!: LobbyExchange;
  readonly #listing = new LobbyListing();
  readonly #members = new Map<string, Member>();
  readonly #listening = new Map<string, () => void>();
  #seeks!: Seeks;
  #pools!: Pools;
  #challenges!: Challenges;
  #lastStats = '';

  #now(): number {
    return this.#rt.scheduler.now();
  }

  override async onCreate(): Promise<void> {
    // The lobby is not a game: it does not list itself.
    await this.setMatchmaking({ unlisted: true });
    this.patchRate = NO_PATCH_INTERVAL;
    this.#log = this.#rt.log.child({ roomId: this.roomId, room: 'lobby' });
    this.#exchange = new LobbyExchange(this.presence);
    this.#createFeatures();
    await this.#seeks.open();
    await this.#listing.open();

    this.#on('filter', listingFilter, (member, filter) => this.#listing.watch(member.client, filter), 'filters');
    this.#on('seek', payloads.seek, (member, input) => this.#seeks.create(member, input));
    this.#on('seek:cancel', payloads.byId, (member, { id }) => this.#seeks.cancel(member, id));
    this.#on('seek:accept', payloads.byId, (member, { id }) => this.#seeks.accept(member, id));
    this.#on('queue', payloads.queue, (member, { pool, rated }) => this.#pools.enter(member, pool, rated));
    this.#on('queue:leave', payloads.queueLeave, (member, { pool }) => this.#pools.leave(member, pool));
    this.#on('challenge', payloads.challenge, (member, input) => this.#challenges.create(member, input));
    this.#on('challenge:accept', payloads.byId, (member, { id }) => this.#challenges.accept(member, id));
    this.#on('challenge:decline', payloads.byId, (member, { id }) => this.#challenges.decline(member, id));
    this.#on('challenge:cancel', payloads.byId, (member, { id }) => this.#challenges.cancel(member, id));
    this.#on('range', payloads.range, (member, { ratingRange }) => this.#seeks.setRange(member, ratingRange), 'filters');
    this.onMessage('*', (client, type) => replyRefusal(client, String(type),
      new Refusal('UNKNOWN_MESSAGE', `the lobby has no message "${String(type)}"`), this.#log));
  }

  /** Seeks, pools and challenges, each given what it needs (and no other's state). */
  #createFeatures(): void {
    const exchange = this.#exchange;
    const now = () => this.#now();
    const refreshRatings = (member: Member) => this.#refreshRatings(member);
    const start = matchStarter(exchange, this.#log);
    this.#seeks = new Seeks({
      exchange, now, refreshRatings, start,
      members: () => this.#members.values(),
      broadcast: (type, message) => this.broadcast(type, message),
    });
    this.#pools = new Pools({ exchange, timers: this.#timers, now, log: this.#log, refreshRatings, start });
    this.#challenges = new Challenges({ exchange, timers: this.#timers, now, orm: () => this.#rt.db.orm, start });
  }

  /** A message of the lobby: from a member, within its budget (`actions` or `filters`), parsed; any refusal answered. */
  #on<S extends z.ZodType>(type: string, schema: S, handler: (member: Member, input: z.output<S>) => void | Promise<void>,
    bucket: 'actions' | 'filters' = 'actions'): void {
    this.onMessage(type, async (client, raw) => {
      try {
        const member = this.#members.get(client.sessionId);
        if (!member) throw new Refusal('NOT_JOINED', 'you have not joined the lobby');
        if (!member[bucket].take(this.#now())) throw new Refusal('RATE_LIMITED', 'too many messages; slow down');
        await handler(member, parsePayload(schema, raw));
      } catch (error) {
        replyRefusal(client, type, error, this.#log);
      }
    });
  }

  async #refreshRatings(member: Member): Promise<void> {
    member.ratings = await ratingsOf({ orm: this.#rt.db.orm, playerId: member.player.id, now: this.#now() });
  }

  override async onJoin(client: Client, options?: unknown): Promise<void> {
    const player = client.auth as PlayerAuth;
    checkConnectionPlayer(client, player.id);
    const { ratingRange, filter } = parseOptions(joinOptions, options, 'join options');
    const joinedAt = this.#now();
    const member: Member = {
      client, player, ratings: new Map(), ratingRange,
      actions: new TokenBucket(ACTION_LIMIT.capacity, ACTION_LIMIT.perSecond, joinedAt),
      filters: new TokenBucket(FILTER_LIMIT.capacity, FILTER_LIMIT.perSecond, joinedAt),
    };
    this.#listing.watch(client, filter);
    await this.#refreshRatings(member);
    this.#members.set(client.sessionId, member);
    if (!this.#listening.has(player.id)) {
      this.#listening.set(player.id, await this.#exchange.listen(player.id, (delivery) => this.#deliver(player.id, delivery)));
    }
    this.#seeks.show(member);
    await this.#challenges.showPending(member);
    client.send('stats', await this.#stats());
    // A player back with a game in play (after a restart, or on another device) is told how to take their seat back.
    const inPlay = await gamesInPlay({ orm: this.#rt.db.orm, journal: this.#rt.journal, player, log: this.#log });
    if (inPlay.length > 0) client.send('in-play', { games: inPlay });
    this.#statsSoon();
    this.#log.debug({ playerId: player.id }, 'joined the lobby');
  }

  /** A message for a player: forwarded to their connections here; `$ratings` refreshes what they see. */
  #deliver(playerId: string, delivery: Delivery): void {
    for (const member of this.#members.values()) {
      if (member.player.id !== playerId) continue;
      if (delivery.type !== RATINGS_CHANGED) {
        member.client.send(delivery.type, delivery.payload);
        continue;
      }
      this.#refreshRatings(member)
        .then(() => this.#seeks.show(member))
        .catch((error: unknown) => this.#log.warn({ err: error }, 'could not refresh ratings'));
    }
  }

  override async onLeave(client: Client): Promise<void> {
    this.#listing.unwatch(client);
    const member = this.#members.get(client.sessionId);
    if (!member) return;
    this.#members.delete(client.sessionId);
    // Seeks, queue places and challenges belong to the connection that made them.
    await this.#seeks.withdraw(member);
    await this.#pools.drop(member);
    await this.#challenges.cancelAllFrom(member);
    const { player } = member;
    if (![...this.#members.values()].some((other) => other.player.id === player.id)) {
      this.#listening.get(player.id)?.();
      this.#listening.delete(player.id);
    }
    this.#statsSoon();
  }

  override onDispose(): void {
    this.#listing.close();
    this.#timers.clear();
    this.#seeks?.close();
    for (const stop of this.#listening.values()) stop();
    void this.#exchange?.setSize(matchMaker.processId, 0);
  }

  async #stats(): Promise<{ online: number; playing: number }> {
    await this.#exchange.setSize(matchMaker.processId, new Set([...this.#members.values()].map((m) => m.player.id)).size);
    const live = await liveNodes();
    const sizes = await this.#exchange.sizes();
    const online = Object.entries(sizes).reduce((sum, [node, size]) => sum + (live.has(node) ? size : 0), 0);
    const playing = this.#listing.rooms().filter((room) => room.metadata?.status === 'playing').length;
    return { online, playing };
  }

  /** Sends the lobby statistics within a second when they changed, while anyone is here. */
  #statsSoon(): void {
    if (this.#timers.has('stats')) return;
    this.#timers.set('stats', this.#now() + STATS_MS, async () => {
      const stats = await this.#stats();
      const shown = JSON.stringify(stats);
      if (shown !== this.#lastStats) {
        this.#lastStats = shown;
        this.broadcast('stats', stats);
      }
      if (this.#members.size > 0) this.#statsSoon();
    });
  }
}
