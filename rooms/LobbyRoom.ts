/**
 * LobbyRoom (PROTOCOL §6): the live listing of game rooms (lobby/listing.ts, in the messages of
 * Colyseus's stock lobby) plus seeks, quick pairing pools and challenges, over state every process
 * shares (lobby/exchange.ts). There is one lobby per process (each join lands in the lobby of the
 * process that took the request); players in different lobbies see and take each other's offers.
 */
import { randomUUID } from 'node:crypto';
import { matchMaker, Room, type AuthContext, type Client } from '@colyseus/core';
import { z } from 'zod';
import type { PlayerAuth } from '../src/auth/room-auth.ts';
import { Refusal } from '../src/games/refusal.ts';
import type { Logger } from '../src/log.ts';
import type { RatingRange } from '../src/lobby/ranges.ts';
import { bestPartner } from '../src/lobby/pools.ts';
import { acceptRefusal, MAX_SEEKS_PER_PLAYER, visibleTo, type Viewer } from '../src/lobby/seeks.ts';
import { runtime } from '../src/runtime.ts';
import { checkConnectionPlayer } from '../src/transport/identity.ts';
import { findPlayerByName } from '../src/services/game-selectors.ts';
import { ratingsOf, UNRATED, type CurrentRating } from '../src/services/rating-selectors.ts';
import { findPool, LOBBY_GAMES } from './lobby/catalog.ts';
import { LobbyExchange, RATINGS_CHANGED, type Challenge, type Delivery, type QueuedEntry, type SeekEvent, type StoredSeek } from './lobby/exchange.ts';
import { LobbyListing, listingFilter } from './lobby/listing.ts';
import * as payloads from './lobby/payloads.ts';
import { startGame } from './lobby/start-game.ts';
import { NO_PATCH_INTERVAL } from './shared/game-room.ts';
import { gamesInPlay } from './shared/games-in-play.ts';
import { parsePayload, replyRefusal } from './shared/messages.ts';
import { ACTION_LIMIT, FILTER_LIMIT, TokenBucket } from './shared/rate-limit.ts';
import { guardRoomHooks } from './shared/public-errors.ts';
import { admitClient, parseOptions } from './shared/server-options.ts';
import { RoomTimers } from './shared/timers.ts';

export const CHALLENGE_TTL_MS = 60_000;
/** Pools are paired on joining and then once a second while someone waits here. */
const WAVE_MS = 1000;
/** Lobby statistics go out at most this often. */
const STATS_MS = 1000;

interface Member {
  client: Client;
  player: PlayerAuth;
  ratings: Map<string, CurrentRating>;
  ratingRange: RatingRange | undefined;
  actions: TokenBucket;
  filters: TokenBucket;
  pools: Set<string>;
}

/** A lobby join's options; `node` is the process's own id, set by `onAuth` (never the client's). */
const joinOptions = z.object({
  filter: listingFilter.optional(),
  ratingRange: payloads.ratingRange.optional(),
  node: z.string().optional(),
}).strict();

function seekView({ node: _node, sessionId: _session, ...seek }: StoredSeek) {
  return seek;
}

function auth(entry: QueuedEntry): PlayerAuth {
  return { id: entry.playerId, username: entry.username, guest: entry.guest };
}

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
  /** Players queued through this lobby, by pool: this process pairs them. */
  readonly #queued = new Map<string, Set<string>>();
  #stopSeekEvents: (() => void) | undefined;
  #pairing: Promise<void> = Promise.resolve();
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
    this.#stopSeekEvents = await this.#exchange.onSeekEvent((event) => this.#onSeekEvent(event));
    await this.#listing.open();

    this.#on('filter', listingFilter, (member, filter) => this.#listing.watch(member.client, filter), 'filters');

    this.#on('seek', payloads.seek, (member, input) => this.#seek(member, input));
    this.#on('seek:cancel', payloads.byId, async (member, { id }) => {
      const seek = await this.#exchange.seek(id);
      if (!seek || seek.player.id !== member.player.id) throw new Refusal('NO_SUCH_SEEK', 'you have no such seek');
      await this.#exchange.takeSeek(id);
    });
    this.#on('seek:accept', payloads.byId, (member, { id }) => this.#acceptSeek(member, id));
    this.#on('queue', payloads.queue, (member, input) => this.#enqueue(member, input.pool, input.rated));
    this.#on('queue:leave', payloads.queueLeave, (member, { pool }) => this.#dequeue(member, pool));
    this.#on('challenge', payloads.challenge, (member, input) => this.#challenge(member, input));
    this.#on('challenge:accept', payloads.byId, (member, { id }) => this.#acceptChallenge(member, id));
    this.#on('challenge:decline', payloads.byId, (member, { id }) => this.#endChallenge(member, id, 'to', 'challenge:declined'));
    this.#on('challenge:cancel', payloads.byId, (member, { id }) => this.#endChallenge(member, id, 'from', 'challenge:canceled'));
    this.#on('range', payloads.range, (member, { ratingRange }) => {
      member.ratingRange = ratingRange ?? undefined;
      member.client.send('seeks', this.#visibleSeeks(member, this.#seeksCache));
    }, 'filters');
    this.onMessage('*', (client, type) => replyRefusal(client, String(type),
      new Refusal('UNKNOWN_MESSAGE', `the lobby has no message "${String(type)}"`), this.#log));
    this.#seeksCache = await this.#exchange.seeks();
    // Seeks left by processes that died without saying goodbye are withdrawn.
    const live = await this.#liveNodes();
    for (const seek of this.#seeksCache) if (!live.has(seek.node)) await this.#exchange.takeSeek(seek.id);
  }

  async #liveNodes(): Promise<Set<string>> {
    const live = new Set((await matchMaker.stats.fetchAll()).map((process) => process.processId));
    return live.add(matchMaker.processId);
  }

  /** Every seek, kept current from the seek events (for filtering without a round trip). */
  #seeksCache: StoredSeek[] = [];

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

  #viewer(member: Member): Viewer {
    return {
      playerId: member.player.id,
      guest: member.player.guest,
      ratingIn: (category) => (member.ratings.get(category) ?? UNRATED).rating,
      ratingRange: member.ratingRange,
    };
  }

  #visibleSeeks(member: Member, seeks: readonly StoredSeek[]) {
    const viewer = this.#viewer(member);
    return seeks.filter((seek) => visibleTo(seek, viewer)).map(seekView);
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
      pools: new Set(),
    };
    this.#listing.watch(client, filter);
    await this.#refreshRatings(member);
    this.#members.set(client.sessionId, member);
    if (!this.#listening.has(player.id)) {
      this.#listening.set(player.id, await this.#exchange.listen(player.id, (delivery) => this.#deliver(player.id, delivery)));
    }
    client.send('seeks', this.#visibleSeeks(member, this.#seeksCache));
    const now = this.#now();
    for (const challenge of await this.#exchange.challenges()) {
      if (challenge.to.id === player.id && challenge.expiresAt > now) client.send('challenge', this.#challengeView(challenge));
    }
    client.send('stats', await this.#stats());
    // A player back with a game in play (after a restart, or on another device) is told how to take their seat back.
    const inPlay = await gamesInPlay({ orm: this.#rt.db.orm, player, log: this.#log });
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
        .then(() => member.client.send('seeks', this.#visibleSeeks(member, this.#seeksCache)))
        .catch((error: unknown) => this.#log.warn({ err: error }, 'could not refresh ratings'));
    }
  }

  override async onLeave(client: Client): Promise<void> {
    this.#listing.unwatch(client);
    const member = this.#members.get(client.sessionId);
    if (!member) return;
    this.#members.delete(client.sessionId);
    const { player } = member;
    // Seeks, queue places and challenges belong to the connection that made them.
    for (const seek of this.#seeksCache) {
      if (seek.node === matchMaker.processId && seek.sessionId === client.sessionId) await this.#exchange.takeSeek(seek.id);
    }
    for (const pool of member.pools) {
      const entry = await this.#exchange.entry(pool, player.id);
      if (entry?.sessionId === client.sessionId) await this.#exchange.leave(pool, player.id);
      this.#queued.get(pool)?.delete(player.id);
    }
    for (const challenge of await this.#exchange.challenges()) {
      if (challenge.from.id === player.id) await this.#endChallenge(member, challenge.id, 'from', 'challenge:canceled').catch(() => undefined);
    }
    if (![...this.#members.values()].some((other) => other.player.id === player.id)) {
      this.#listening.get(player.id)?.();
      this.#listening.delete(player.id);
    }
    this.#statsSoon();
  }

  override onDispose(): void {
    this.#listing.close();
    this.#timers.clear();
    this.#stopSeekEvents?.();
    for (const stop of this.#listening.values()) stop();
    void this.#exchange?.setSize(matchMaker.processId, 0);
  }

  #onSeekEvent(event: SeekEvent): void {
    if (event.op === '+') {
      this.#seeksCache.push(event.seek);
      for (const member of this.#members.values()) {
        if (visibleTo(event.seek, this.#viewer(member))) member.client.send('seek+', seekView(event.seek));
      }
    } else {
      this.#seeksCache = this.#seeksCache.filter((seek) => seek.id !== event.id);
      this.broadcast('seek-', event.id);
    }
  }

  async #seek(member: Member, input: z.output<typeof payloads.seek>): Promise<void> {
    const game = LOBBY_GAMES[input.game]!;
    const settings = payloads.settingsOf(input);
    this.#checkRated(input.rated, settings, game, [member.player]);
    const category = game.category(settings);
    await this.#refreshRatings(member);
    const rating = member.ratings.get(category) ?? UNRATED;
    const seek: StoredSeek = {
      id: randomUUID(), game: input.game, category, settings, rated: input.rated, color: input.color,
      ratingRange: input.ratingRange,
      player: { id: member.player.id, username: member.player.username, guest: member.player.guest, rating: Math.round(rating.rating), provisional: rating.provisional },
      createdAt: this.#now(), node: matchMaker.processId, sessionId: member.client.sessionId,
    };
    if (!(await this.#exchange.putSeek(seek, MAX_SEEKS_PER_PLAYER))) {
      throw new Refusal('TOO_MANY_SEEKS', `you already have ${MAX_SEEKS_PER_PLAYER} open seeks`);
    }
    member.client.send('seek:created', { id: seek.id });
  }

  #checkRated(rated: boolean, settings: Record<string, unknown>, game: (typeof LOBBY_GAMES)[string], players: PlayerAuth[]): void {
    if (!rated) return;
    if (players.some((player) => player.guest)) throw new Refusal('REGISTRATION_REQUIRED', 'rated games are for registered players');
    const why = game.unratable(settings);
    if (why) throw new Refusal('INVALID_PAYLOAD', why);
  }

  async #acceptSeek(member: Member, id: string): Promise<void> {
    const seek = await this.#exchange.seek(id);
    if (!seek) throw new Refusal('NO_SUCH_SEEK', 'this seek is gone');
    await this.#refreshRatings(member);
    const refusal = acceptRefusal(seek, this.#viewer(member));
    if (refusal) throw refusal;
    await this.#together([seek.player.id, member.player.id], async () => {
      const taken = await this.#exchange.takeSeek(id);
      if (!taken) throw new Refusal('NO_SUCH_SEEK', 'this seek was just taken');
      const seeker = { id: taken.player.id, username: taken.player.username, guest: taken.player.guest };
      await this.#start({ game: taken.game, settings: taken.settings, rated: taken.rated, color: taken.color, players: [seeker, member.player] });
    });
  }

  /** Runs `work` with these players claimed, so no other pairing can take them meanwhile. */
  async #together(playerIds: string[], work: () => Promise<void>): Promise<boolean> {
    const release = await this.#exchange.claim(playerIds);
    if (!release) throw new Refusal('PLAYER_BUSY', 'a player is being paired elsewhere right now; try again');
    try {
      await work();
      return true;
    } finally {
      await release();
    }
  }

  async #start(game: Parameters<typeof startGame>[1]): Promise<void> {
    try {
      const roomId = await startGame(this.#exchange, game);
      this.#log.info({ roomId, game: game.game, rated: game.rated, players: game.players.map((p) => p.id) }, 'players matched');
    } catch (error) {
      this.#log.error({ err: error }, 'could not start a matched game');
      throw new Refusal('MATCH_FAILED', 'the game could not be created; try again');
    }
  }

  async #enqueue(member: Member, name: string, wantsRated: boolean | undefined): Promise<void> {
    const found = findPool(name);
    if (!found) throw new Refusal('UNKNOWN_POOL', `there is no pool "${name}"`);
    const rated = wantsRated ?? !member.player.guest;
    const game = LOBBY_GAMES[found.game]!;
    this.#checkRated(rated, found.settings, game, [member.player]);
    await this.#refreshRatings(member);
    const rating = (member.ratings.get(game.category(found.settings)) ?? UNRATED).rating;
    const entry: QueuedEntry = {
      playerId: member.player.id, username: member.player.username, guest: member.player.guest, rating, rated,
      joinedAt: this.#now(), node: matchMaker.processId, sessionId: member.client.sessionId,
    };
    await this.#exchange.enter(name, entry);
    member.pools.add(name);
    if (!this.#queued.has(name)) this.#queued.set(name, new Set());
    this.#queued.get(name)!.add(member.player.id);
    member.client.send('queue:joined', { pool: name, rated, rating: Math.round(rating) });
    this.#pairNow();
  }

  async #dequeue(member: Member, pool: string | undefined): Promise<void> {
    const pools = pool ? [pool] : [...member.pools];
    for (const name of pools) {
      await this.#exchange.leave(name, member.player.id);
      member.pools.delete(name);
      this.#queued.get(name)?.delete(member.player.id);
    }
    member.client.send('queue:left', { pools });
  }

  /** One pairing pass over the pools with players queued here, then again in a second if any still wait. */
  #pairNow(): void {
    this.#pairing = this.#pairing.then(async () => {
      for (const pool of this.#queued.keys()) await this.#pairPool(pool);
      const waiting = [...this.#queued.values()].some((ids) => ids.size > 0);
      this.#timers.set('wave', waiting ? this.#now() + WAVE_MS : undefined, () => this.#pairNow());
    }).catch((error: unknown) => this.#log.error({ err: error }, 'pairing failed'));
  }

  async #pairPool(pool: string): Promise<void> {
    const found = findPool(pool)!;
    const local = this.#queued.get(pool)!;
    const live = await this.#liveNodes();
    const free = new Map((await this.#exchange.entries(pool)).filter((entry) => live.has(entry.node)).map((entry) => [entry.playerId, entry]));
    for (const id of local) if (!free.has(id)) local.delete(id);
    const now = this.#now();
    const mine = [...free.values()].filter((entry) => local.has(entry.playerId)).sort((a, b) => a.joinedAt - b.joinedAt);
    for (const entry of mine) {
      if (!free.has(entry.playerId)) continue;
      const partner = bestPartner(entry, [...free.values()], now) as QueuedEntry | undefined;
      if (!partner) continue;
      const release = await this.#exchange.claim([entry.playerId, partner.playerId]);
      if (!release) continue;
      try {
        free.delete(entry.playerId);
        free.delete(partner.playerId);
        if (!(await this.#exchange.leave(pool, entry.playerId))) continue;
        if (!(await this.#exchange.leave(pool, partner.playerId))) {
          await this.#exchange.enter(pool, entry);
          free.set(entry.playerId, entry);
          continue;
        }
        local.delete(entry.playerId);
        local.delete(partner.playerId);
        await this.#start({ game: found.game, settings: found.settings, rated: entry.rated, color: 'random', players: [auth(entry), auth(partner)] })
          .catch(async () => {
            for (const back of [entry, partner]) await this.#exchange.enter(pool, back);
          });
      } finally {
        await release();
      }
    }
  }

  #challengeView(challenge: Challenge) {
    const { id, game, settings, rated, color, from, to, expiresAt } = challenge;
    return { id, game, ...settings, rated, color, from: from.username, to: to.username, expiresAt };
  }

  async #challenge(member: Member, input: z.output<typeof payloads.challenge>): Promise<void> {
    const target = await findPlayerByName({ orm: this.#rt.db.orm, username: input.to });
    if (!target) throw new Refusal('NO_SUCH_PLAYER', `there is no player named ${input.to}`);
    if (target.id === member.player.id) throw new Refusal('CANNOT_CHALLENGE_SELF', 'you cannot challenge yourself');
    const game = LOBBY_GAMES[input.game]!;
    const settings = payloads.settingsOf(input);
    this.#checkRated(input.rated, settings, game, [member.player, { id: target.id, username: target.username, guest: target.guest }]);
    const challenge: Challenge = {
      id: randomUUID(), game: input.game, settings, rated: input.rated, color: input.color,
      from: member.player, to: { id: target.id, username: target.username }, expiresAt: this.#now() + CHALLENGE_TTL_MS,
    };
    await this.#exchange.putChallenge(challenge);
    this.#exchange.send(target.id, 'challenge', this.#challengeView(challenge));
    member.client.send('challenge:sent', this.#challengeView(challenge));
    this.#timers.set(`challenge:${challenge.id}`, challenge.expiresAt, async () => {
      const expired = await this.#exchange.takeChallenge(challenge.id);
      if (!expired) return;
      for (const id of [expired.from.id, expired.to.id]) this.#exchange.send(id, 'challenge:expired', { id: expired.id });
    });
  }

  async #acceptChallenge(member: Member, id: string): Promise<void> {
    const challenge = await this.#exchange.challenge(id);
    if (!challenge || challenge.to.id !== member.player.id) throw new Refusal('NO_SUCH_CHALLENGE', 'you have no such challenge');
    if (this.#now() >= challenge.expiresAt) throw new Refusal('NO_SUCH_CHALLENGE', 'this challenge has expired');
    await this.#together([challenge.from.id, member.player.id], async () => {
      const taken = await this.#exchange.takeChallenge(id);
      if (!taken) throw new Refusal('NO_SUCH_CHALLENGE', 'this challenge was withdrawn');
      await this.#start({ game: taken.game, settings: taken.settings, rated: taken.rated, color: taken.color, players: [taken.from, member.player] });
    });
  }

  /** Declining (by the one challenged) or cancelling (by the challenger): the other side is told. */
  async #endChallenge(member: Member, id: string, as: 'from' | 'to', notice: string): Promise<void> {
    const challenge = await this.#exchange.challenge(id);
    if (!challenge || challenge[as].id !== member.player.id) throw new Refusal('NO_SUCH_CHALLENGE', 'you have no such challenge');
    const taken = await this.#exchange.takeChallenge(id);
    if (!taken) throw new Refusal('NO_SUCH_CHALLENGE', 'this challenge is already over');
    this.#timers.set(`challenge:${id}`, undefined, () => undefined);
    this.#exchange.send(as === 'to' ? taken.from.id : taken.to.id, notice, { id });
  }

  async #stats(): Promise<{ online: number; playing: number }> {
    await this.#exchange.setSize(matchMaker.processId, new Set([...this.#members.values()].map((m) => m.player.id)).size);
    const live = await this.#liveNodes();
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
