/**
 * What every game room shares (PROTOCOL §2): authentication, seats held by player identity,
 * spectators up to a cap, presence and reconnection, chat, rate limits, typed error replies,
 * state versions, named deadlines on the injected scheduler, and patches sent when something
 * changed instead of on a timer. A game room extends this and adds its rules' adapter.
 */
import { CloseCode, ErrorCode, Room, ServerError, type AuthContext, type Client } from '@colyseus/core';
import { z } from 'zod';
import type { PlayerAuth } from '../../src/auth/room-auth.ts';
import { checkConnectionPlayer } from '../../src/transport/identity.ts';
import { Refusal } from '../../src/games/refusal.ts';
import type { Logger } from '../../src/log.ts';
import { runtime, type Runtime } from '../../src/runtime.ts';
import { SIDES, type Side } from '../../src/games/side.ts';
import type { CurrentRating } from '../../src/services/rating-selectors.ts';
import { CLOSE_CODES } from '../../src/transport/close-codes.ts';
import { LobbyExchange } from '../lobby/exchange.ts';
import { LagMeter } from './lag-meter.ts';
import { parsePayload, replyRefusal } from './messages.ts';
import { ACTION_LIMIT, CHAT_LIMIT, TokenBucket } from './rate-limit.ts';
import { RoomTimers } from './timers.ts';
import { holdRestoredSeat } from './restored-seats.ts';
import { RoomJournal } from './room-journal.ts';
import { ratingReader } from './rating-reader.ts';
import { guardRoomHooks } from './public-errors.ts';
import { admitClient, parseOptions } from './server-options.ts';

export interface Participant {
  readonly player: PlayerAuth;
  readonly role: 'player' | 'spectator';
  readonly seat: string | undefined;
  readonly actions: TokenBucket;
  readonly chat: TokenBucket;
  /** A spectator counted in `state.spectators` (not while their connection is down). */
  counted: boolean;
}

export interface SeatHolder {
  readonly player: PlayerAuth;
  /** The session that holds the seat now; a newer connection of the same player replaces it. */
  sessionId: string;
  connected: boolean;
  /** When the player stopped being connected; undefined while connected. */
  absentSince: number | undefined;
  /** Left the room on purpose (closed the game), rather than losing the connection. */
  leftOnPurpose: boolean;
  /** Ends a pending `allowReconnection` (when the seat is taken back another way, or released). */
  cancelReconnection: (() => void) | undefined;
}

export interface GameStateBase {
  version: number;
  spectators: number;
}

/** A patch interval this long never fires: rooms send their patches themselves (no idle work). */
export const NO_PATCH_INTERVAL = 2_147_483_647;
const SPECTATOR_RECONNECT_SECONDS = 60;

const version = z.number().int().nonnegative().optional();

/** The schema of an action's payload: the given fields, an optional `version`, nothing else. */
export function payload<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object({ ...shape, version }).strict();
}

const chatPayload = z.object({
  text: z.string().max(2000).transform((text) => text.trim()).pipe(z.string().min(1, 'is empty').max(500, 'is longer than 500 characters')),
}).strict();

/** What every room's join options have; a room adds its own (its create options). */
export interface JoinOptions {
  spectate?: boolean | undefined;
}

export abstract class GameRoom<State extends GameStateBase, Join extends JoinOptions = JoinOptions> extends Room<{ state: State }> {
  static override async onAuth(token: string, options: unknown, _context: AuthContext): Promise<PlayerAuth> {
    return admitClient(token, options);
  }

  constructor() {
    super();
    guardRoomHooks(this, () => this.log);
  }

  protected readonly rt: Runtime = runtime();
  protected log: Logger = this.rt.log;
  protected readonly seats = new Map<string, SeatHolder>();
  protected readonly lag = new LagMeter(this.rt.rttClock);
  /** This game's part of the journal: opened when the game starts (rooms/shared/room-journal.ts). */
  protected readonly journal = new RoomJournal<unknown>(this.rt.journal, () => this.log);
  /** Seated players' current ratings, for display: read once each, as they arrive. */
  protected readonly ratings = new Map<string, CurrentRating>();
  readonly #timers = new RoomTimers(this.rt.scheduler, () => this.log);
  #maxSpectators = 0;
  /** The admitted spectators: connected, or dropped and still allowed to reconnect. The cap counts them all. */
  readonly #gallery = new Set<Participant>();
  #listed = '';

  /** The seats of this game, in order (e.g. white, black). */
  protected abstract readonly seatNames: readonly string[];
  /** What a join may carry: `spectate`, and whatever else the room takes (its create options). */
  protected abstract readonly joinOptions: z.ZodType<Join>;
  /** The seat a newly arriving player takes, or a `Refusal` explaining why none. */
  protected abstract pickSeat(player: PlayerAuth): string;
  /** Seats or presence changed: mirror them, start the game when everyone is seated. */
  protected abstract seatsChanged(): void;
  /** Whether a game is in progress (spectator chat stays among spectators meanwhile). */
  protected abstract inProgress(): boolean;

  now(): number {
    return this.rt.scheduler.now();
  }

  /** Call first in `onCreate`. */
  protected setUp(maxSpectators: number): void {
    this.patchRate = NO_PATCH_INTERVAL;
    this.#maxSpectators = maxSpectators;
    // Colyseus would lock the room once clients and pending reservations reached a maximum, and
    // then even a player could not take their seat back: unused spectator reservations would shut
    // them out. Seats are decided by pickSeat, the gallery's cap in onJoin.
    this.maxClients = Number.POSITIVE_INFINITY;
    this.log = this.rt.log.child({ roomId: this.roomId, room: this.roomName });
    this.onMessage('chat', (client, raw) => this.#dispatch(client, 'chat', raw, 'anyone', 'chat', chatPayload,
      (_c, participant, { text }) => this.#chat(participant, text)));
    this.onMessage('*', (client, type) => replyRefusal(client, String(type),
      new Refusal('UNKNOWN_MESSAGE', `this room has no message "${String(type)}"`), this.log));
  }

  /**
   * Registers a message handler. Checked in order: rate limit, role, payload shape, version;
   * a refusal is answered to the sender alone as `error { code, message, request }` and the
   * handler's changes are its own to avoid (rules refuse before they change anything).
   */
  protected action<S extends z.ZodType>(type: string, schema: S,
    handler: (client: Client, participant: Participant, input: z.output<S>) => void | Promise<void>,
    role: 'player' | 'anyone' = 'player'): void {
    this.onMessage(type, (client, raw) => this.#dispatch(client, type, raw, role, 'actions', schema, handler));
  }

  async #dispatch<S extends z.ZodType>(client: Client, type: string, raw: unknown, role: 'player' | 'anyone',
    bucket: 'actions' | 'chat', schema: S,
    handler: (client: Client, participant: Participant, input: z.output<S>) => void | Promise<void>): Promise<void> {
    try {
      const participant = client.userData as Participant | undefined;
      if (!participant) throw new Refusal('NOT_A_PLAYER', 'you have not joined this room');
      if (!participant[bucket].take(this.now())) throw new Refusal('RATE_LIMITED', 'too many messages; slow down');
      if (role === 'player' && participant.role !== 'player') throw new Refusal('NOT_A_PLAYER', 'spectators cannot act in the game');
      const input = parsePayload(schema, raw);
      const given = (input as { version?: number }).version;
      if (given !== undefined && given !== this.state.version) {
        throw new Refusal('STALE_VERSION', `the game is at version ${this.state.version}, not ${given}`);
      }
      await handler(client, participant, input);
    } catch (error) {
      replyRefusal(client, type, error, this.log);
    }
  }

  #chat(participant: Participant, text: string): void {
    const message = { from: participant.player.username, role: participant.seat ?? 'spectator', text, at: this.now() };
    if (participant.role === 'spectator' && this.inProgress()) {
      // No hints from the gallery: spectators talk among themselves until the game ends.
      for (const client of this.clients) {
        if ((client.userData as Participant | undefined)?.role === 'spectator') client.send('chat', message);
      }
    } else {
      this.broadcast('chat', message);
    }
  }

  /** Sends what changed now; a change of game state also moves `version` on. */
  protected publish(gameChanged: boolean): void {
    if (gameChanged) this.state.version += 1;
    this.broadcastPatch();
  }

  /**
   * Reads the ratings in `category` of the players (by default, the seated ones) not read yet,
   * then has `show` mirror them. They are for display only: a failure is logged and changes nothing.
   */
  protected async readRatings(category: string, show: () => void,
    playerIds: readonly string[] = [...this.seats.values()].map((holder) => holder.player.id)): Promise<void> {
    const unread = playerIds.filter((id) => !this.ratings.has(id));
    if (unread.length === 0) return;
    try {
      const found = await ratingReader(this.rt).read(unread, category);
      for (const id of unread) this.ratings.set(id, found.get(id)!);
      show();
    } catch (error) {
      this.log.warn({ err: error }, 'could not load ratings for display');
    }
  }

  /**
   * A rated result was stored: each side sees its rating change in `shown` (the state's
   * `ratingDiff`), and the lobby hears that both players' ratings moved.
   */
  protected showRatingChange(shown: Record<Side, number>, ratings: Record<Side, { diff: number }>, players: Record<Side, { id: string }>): void {
    for (const side of SIDES) shown[side] = ratings[side].diff;
    this.publish(true);
    const lobby = new LobbyExchange(this.presence);
    for (const side of SIDES) lobby.ratingsChanged(players[side].id);
  }

  /** Updates the lobby listing when what it shows has changed (setting it costs a presence write). */
  protected list(metadata: Record<string, unknown>): void {
    const shown = JSON.stringify(metadata);
    if (shown === this.#listed) return;
    this.#listed = shown;
    this.setMetadata(metadata).catch((error: unknown) => this.log.warn({ err: error }, 'could not update the listing'));
  }

  /** Sets (or with `at` undefined, clears) the one timer of this name. */
  protected schedule(name: string, at: number | undefined, task: () => void): void {
    this.#timers.set(name, at, task);
  }

  protected seatOf(playerId: string): string | undefined {
    for (const [seat, holder] of this.seats) if (holder.player.id === playerId) return seat;
    return undefined;
  }

  protected clientOf(seat: string): Client | undefined {
    const holder = this.seats.get(seat);
    return holder?.connected ? this.clients.get(holder.sessionId) : undefined;
  }

  #participant(player: PlayerAuth, role: Participant['role'], seat: string | undefined): Participant {
    const now = this.now();
    return {
      player, role, seat, counted: role === 'spectator',
      actions: new TokenBucket(ACTION_LIMIT.capacity, ACTION_LIMIT.perSecond, now),
      chat: new TokenBucket(CHAT_LIMIT.capacity, CHAT_LIMIT.perSecond, now),
    };
  }

  /**
   * A join, admitted (by `admit`): what the room makes of it before the player is seated or
   * watches. By default, what was asked.
   */
  protected admitted(_player: PlayerAuth, join: Join): Join {
    return join;
  }

  /**
   * Admits a join before anything changes: its connection must carry the token of the player
   * its seat reservation is for, and its options must be this room's `joinOptions` (a creator
   * joins with its create options, so those are accepted too). Returns the options as parsed.
   */
  #admit(client: Client, player: PlayerAuth, options: unknown): Join {
    checkConnectionPlayer(client, player.id);
    return this.admitted(player, parseOptions(this.joinOptions, options, 'join options'));
  }

  override onJoin(client: Client, options?: unknown): void {
    const player = client.auth as PlayerAuth;
    if (this.#admit(client, player, options).spectate === true) {
      if (this.#gallery.size >= this.#maxSpectators) {
        throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, 'this game has all the spectators it can take');
      }
      const spectator = this.#participant(player, 'spectator', undefined);
      client.userData = spectator;
      this.#gallery.add(spectator);
      this.state.spectators += 1;
      this.log.debug({ playerId: player.id }, 'spectator joined');
      this.publish(false);
      return;
    }
    const seat = this.seatOf(player.id) ?? this.pickSeat(player);
    const holder = this.seats.get(seat);
    if (holder) {
      // The same player again (a second tab, or back after leaving): the newest connection holds the seat.
      const previous = this.clients.get(holder.sessionId);
      holder.cancelReconnection?.();
      holder.cancelReconnection = undefined;
      holder.sessionId = client.sessionId;
      if (previous && previous !== client) previous.leave(CLOSE_CODES.REPLACED, 'replaced by a newer connection');
      Object.assign(holder, { connected: true, absentSince: undefined, leftOnPurpose: false });
    } else {
      this.seats.set(seat, { player, sessionId: client.sessionId, connected: true, absentSince: undefined, leftOnPurpose: false, cancelReconnection: undefined });
    }
    client.userData = this.#participant(player, 'player', seat);
    this.#keepConnection(seat, client);
    this.lag.attach(client);
    this.lag.probe(client);
    this.log.info({ playerId: player.id, seat }, 'player seated');
    this.seatsChanged();
  }

  override onDrop(client: Client): void {
    const participant = client.userData as Participant | undefined;
    if (!participant) return;
    if (participant.role === 'spectator') {
      this.#uncount(participant);
      this.allowReconnection(client, SPECTATOR_RECONNECT_SECONDS).catch(() => undefined);
      return;
    }
    const holder = this.seats.get(participant.seat!);
    if (!holder || holder.sessionId !== client.sessionId) return;
    Object.assign(holder, { connected: false, absentSince: this.now(), leftOnPurpose: false });
    // The seat is kept for as long as the game needs it; the game's end releases it.
    const reconnection = this.allowReconnection(client, 'manual');
    holder.cancelReconnection = () => reconnection.reject('seat taken back or released');
    reconnection.catch(() => undefined);
    this.log.info({ playerId: participant.player.id, seat: participant.seat }, 'player dropped');
    this.seatsChanged();
  }

  override onReconnect(client: Client): void {
    const participant = client.userData as Participant | undefined;
    if (!participant) return;
    if (participant.role === 'spectator') {
      participant.counted = true;
      this.state.spectators += 1;
      this.publish(false);
      return;
    }
    const holder = this.seats.get(participant.seat!);
    if (!holder) return;
    Object.assign(holder, { sessionId: client.sessionId, connected: true, absentSince: undefined, leftOnPurpose: false, cancelReconnection: undefined });
    this.#keepConnection(participant.seat!, client);
    this.lag.attach(client);
    this.lag.probe(client);
    this.log.info({ playerId: participant.player.id, seat: participant.seat }, 'player reconnected');
    this.seatsChanged();
  }

  override onLeave(client: Client, code?: number): void {
    const participant = client.userData as Participant | undefined;
    if (!participant) return;
    if (participant.role === 'spectator') {
      this.#uncount(participant);
      this.#gallery.delete(participant);
      return;
    }
    const holder = this.seats.get(participant.seat!);
    if (!holder || holder.sessionId !== client.sessionId) return;
    const wasConnected = holder.connected;
    holder.connected = false;
    holder.cancelReconnection = undefined;
    if (wasConnected) {
      holder.absentSince = this.now();
      holder.leftOnPurpose = code === CloseCode.CONSENTED;
    }
    this.log.info({ playerId: participant.player.id, seat: participant.seat, code }, 'player left');
    this.seatsChanged();
  }

  /** A seat's connection is journaled so that, after a restart, exactly that client can take it back. */
  #keepConnection(seat: string, client: Client): void {
    this.journal.keep({ seat, connection: { sessionId: client.sessionId, token: client.reconnectionToken } }, this.now());
  }

  /**
   * The game starts: its journal session opens with what recreates it (`setup`) and its players
   * (those seated, unless named: a draft opens at its creation, for captains still to come), then
   * each seat's connection is kept.
   */
  protected beginJournal(kind: string, gameId: string, setup: unknown, players = [...this.seats.values()].map((holder) => holder.player.id)): void {
    if (!this.rt.journal) return;
    this.journal.begin({ id: gameId, kind, roomId: this.roomId, players, setup, owner: this.rt.config.nodeName, startedAt: this.now() });
    for (const [seat, holder] of this.seats) {
      const client = this.clients.get(holder.sessionId);
      if (client) this.#keepConnection(seat, client);
    }
  }

  /**
   * A game brought back after a restart: each seat goes to its player, gone for now, and is
   * held for the client that had it (its session and reconnection token), which the stock SDK
   * brings back by itself; the player may also join again with their token.
   */
  protected restoreSeats(seats: ReadonlyArray<{ seat: string; player: PlayerAuth; connection: { sessionId: string; token: string } | undefined }>): void {
    const now = this.now();
    for (const { seat, player, connection } of seats) {
      const holder: SeatHolder = {
        player, sessionId: connection?.sessionId ?? '', connected: false, absentSince: now, leftOnPurpose: false, cancelReconnection: undefined,
      };
      this.seats.set(seat, holder);
      if (!connection) continue;
      holder.cancelReconnection = holdRestoredSeat(this, {
        sessionId: connection.sessionId, token: connection.token, auth: player, userData: this.#participant(player, 'player', seat),
      });
    }
  }

  /**
   * For a shutdown with the game in play: once `suspend` is journaled (and everything before
   * it), the players are disconnected with "may try to reconnect" (4010), which the stock SDK
   * answers by reconnecting until the next start has the game back.
   */
  protected async suspendForRestart(suspend: () => void): Promise<void> {
    suspend();
    await this.journal.settled();
    this.disconnect(CloseCode.MAY_TRY_RECONNECT);
  }

  #uncount(spectator: Participant): void {
    if (!spectator.counted) return;
    spectator.counted = false;
    this.state.spectators -= 1;
    this.publish(false);
  }

  /** Lets go of seats kept for dropped players (after the game, so the room can close). */
  protected releaseSeats(): void {
    for (const holder of this.seats.values()) {
      holder.cancelReconnection?.();
      holder.cancelReconnection = undefined;
    }
  }

  override onDispose(): void {
    this.#timers.clear();
  }
}
