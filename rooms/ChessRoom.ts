/**
 * ChessRoom (PROTOCOL §3): an adapter between two players, their spectators and a ChessRound.
 * Each handler checks who acts and hands the action to the round as data (src/games/chess/
 * session.ts); what the round takes is journaled, then mirrored and published once durable. The
 * one deadline that can end the game by itself (a flag or a first-move limit) is scheduled after
 * each change, and so is the abandonment of a game both players left, when the round says; when
 * the game ends it is recorded once, ratings included. A game in play survives a restart: the
 * next start replays its journal into the same room id (rooms/shared/restore.ts).
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode, ServerError, type Client } from '@colyseus/core';
import { z } from 'zod';
import type { PlayerAuth } from '../src/auth/room-auth.ts';
import { ChessGame } from '../src/games/chess/game.ts';
import { isAborted } from '../src/games/chess/outcome.ts';
import { ChessRound, type Absence } from '../src/games/chess/round.ts';
import { applyChess, replayChess, type ChessAction, type ChessEvent } from '../src/games/chess/session.ts';
import { formatTimeControl } from '../src/games/clock/time-control.ts';
import { Refusal } from '../src/games/refusal.ts';
import type { SessionInPlay } from '../src/services/game-sessions.ts';
import { opposite, SIDES, type Side } from '../src/games/side.ts';
import { recordChessGame, type FinishedChessGame, type RecordedRatings } from '../src/services/chess-games.ts';
import { ChessState } from '../schema/ChessState.ts';
import { finishedGame, listing, mirrorRound } from './chess/mirror.ts';
import { chessOptions, parseChessOptions, rematchOptions, type ChessSettings } from './chess/options.ts';
import { payload, type Participant } from './shared/game-room.ts';
import { Persister } from './shared/persister.ts';
import { takeRestored } from './shared/restore.ts';
import { SessionRoom } from './shared/session-room.ts';
import { mirrorSeats } from './shared/seat-mirror.ts';
import { createRoomWithSeats, reservedSeat } from './shared/server-options.ts';

/** After the game, seats of dropped players are kept this long for them to see the end. */
const AFTER_GAME_SEAT_MS = 60_000;
/** Reserved seats not taken within this long (the reservations expire after 15 s): no game. */
const NO_SHOW_MS = 20_000;

/** What the journal keeps to recreate a game: its settings, its id and who plays it. */
interface ChessSetup {
  settings: ChessSettings;
  players: Record<Side, PlayerAuth>;
}

const none = payload({});
const move = z.union([payload({ uci: z.string().max(5) }), payload({ san: z.string().max(10) })],
  { error: 'a move is { uci: "e2e4" } or { san: "e4" }, with an optional version' });
const claimVictory = payload({ draw: z.boolean().optional() });

export class ChessRoom extends SessionRoom<ChessState, z.output<typeof chessOptions>> {
  override state = new ChessState();
  protected readonly seatNames = SIDES;
  protected readonly joinOptions = chessOptions;
  #settings!: ChessSettings;
  #round!: ChessRound;
  #persister!: Persister<FinishedChessGame, RecordedRatings>;
  #rematching = false;

  override onCreate(options: unknown): void {
    const restored = takeRestored(this.roomId);
    this.#settings = restored ? (restored.setup as ChessSetup).settings : parseChessOptions(options);
    this.setUp(this.rt.config.maxSpectators);
    this.#round = new ChessRound(ChessGame.start(this.#settings.fen) as ChessGame, this.#settings.control);
    Object.assign(this.state, {
      gameId: restored?.id ?? randomUUID(), category: this.#round.category, rated: this.#settings.rated,
      timeControl: formatTimeControl(this.#settings.control), initialFen: this.#settings.fen, fen: this.#settings.fen,
    });
    this.#persister = new Persister({
      write: (game) => recordChessGame({ orm: this.rt.db.orm, game }),
      schedule: (at, task) => this.schedule('persist', at, task),
      now: () => this.now(),
      log: this.log,
      spool: this.rt.spool,
      kind: 'chess',
      idOf: (game) => game.id,
    });
    this.lag.onSample = (client) => this.#onLag(client);

    this.action('move', move, (client, p, input) => this.#act(this.#side(p), { type: 'move', input, lag: this.lag.lagOf(client) }));
    for (const type of ['resign', 'abort', 'draw:offer', 'draw:accept', 'draw:decline', 'takeback:offer', 'takeback:accept', 'takeback:decline', 'claim:draw'] as const) {
      this.action(type, none, (_c, p) => this.#act(this.#side(p), { type }));
    }
    this.action('claim:victory', claimVictory, (_c, p, { draw }) =>
      this.#act(this.#side(p), { type: 'claim:victory', draw: draw ?? false, absence: this.#absence(opposite(this.#side(p))) }));
    this.action('rematch:offer', none, (_c, p) => this.#rematch(this.#side(p), 'offer'));
    this.action('rematch:accept', none, (_c, p) => this.#rematch(this.#side(p), 'accept'));
    this.action('rematch:decline', none, (_c, p) => this.#afterGame(() => this.#round.declineRematch(this.#side(p))));

    if (restored) {
      this.#restore(restored);
      return;
    }
    this.#list();
    if (this.#settings.seats) {
      void this.readRatings(this.#round.category, () => this.#showRatings(), Object.values(this.#settings.seats));
      this.schedule('no-show', this.now() + NO_SHOW_MS, () => this.#act(null, { type: 'cancel' }));
    }
  }

  /**
   * The game as the journal kept it, replayed event by event at their times; the seats held for
   * the players' clients. The time the server was away is charged to nobody: the game is
   * suspended from its last known moment until the player to move is back, or the grace ends.
   */
  #restore(session: SessionInPlay): void {
    const { players } = session.setup as ChessSetup;
    const lastKnown = this.resumeFrom<ChessEvent>(session, SIDES.map((side) => [side, players[side]] as const),
      (seat, event, at) => replayChess(this.#round, seat as Side | null, event, at));
    this.suspendFrom(lastKnown, (type, at) => this.#take(null, type === 'expire' ? { type, lag: 0 } : { type }, at));
    this.log.info({ gameId: session.id, ply: this.#round.ply, status: this.#round.status }, 'game restored');
    void this.readRatings(this.#round.category, () => this.#showRatings());
    this.#watchAbsences();
    mirrorSeats(this.state.players, this.seats, this.ratings);
    this.changed();
    this.#list();
  }

  #side(participant: Participant): Side {
    return participant.seat as Side;
  }

  protected pickSeat(player: PlayerAuth): Side {
    const pinned = this.#settings.seats;
    if (pinned) return reservedSeat(pinned, SIDES, player.id, 'game');
    const free = SIDES.filter((side) => !this.seats.has(side));
    if (free.length === 0) throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, 'both seats are taken; join with { spectate: true } to watch');
    const wanted = this.#settings.color;
    if (free.length === 2 && wanted !== 'random') return wanted;
    return free.length === 2 ? SIDES[Math.random() < 0.5 ? 0 : 1]! : free[0]!;
  }

  protected inProgress(): boolean {
    return this.#round.status === 'playing';
  }

  protected seatsChanged(): void {
    if (this.#round.status === 'waiting' && this.seats.size === 2) {
      this.schedule('no-show', undefined, () => undefined);
      this.autoDispose = false;
      const players = { white: this.seats.get('white')!.player, black: this.seats.get('black')!.player };
      this.beginJournal('chess', this.state.gameId, { settings: this.#settings, players } satisfies ChessSetup);
      this.#act(null, { type: 'start' });
      this.log.info({ white: players.white.id, black: players.black.id }, 'game started');
    } else if (this.#round.suspended && this.seats.get(this.#round.turn)?.connected) {
      this.#act(null, { type: 'resume' }); // the player to move is back: their clock runs again
    }
    void this.readRatings(this.#round.category, () => this.#showRatings());
    this.#watchAbsences();
    mirrorSeats(this.state.players, this.seats, this.ratings);
    this.publish(false);
    this.#list();
  }

  #showRatings(): void {
    mirrorSeats(this.state.players, this.seats, this.ratings);
    this.#list();
    this.publish(false);
  }

  #absence(side: Side): Absence | undefined {
    const holder = this.seats.get(side);
    if (!holder || holder.connected || holder.absentSince === undefined) return undefined;
    return { since: holder.absentSince, leftOnPurpose: holder.leftOnPurpose, guest: holder.player.guest };
  }

  /** Claim-victory availability, and the abandonment of a game both players have left. */
  #watchAbsences(): void {
    const [white, black] = SIDES.map((side) => this.#absence(side));
    const oneGone = this.#round.status === 'playing' && (white === undefined) !== (black === undefined) ? (white ?? black) : undefined;
    this.state.claimVictoryAt = oneGone ? this.#round.claimableAt(oneGone) : 0;
    this.#watchAbandonment();
  }

  /** The abandonment of a game both players have left, when the round says; it judges it again then. */
  #watchAbandonment(): void {
    const due = this.#round.abandonmentDue({ white: this.#absence('white')?.since, black: this.#absence('black')?.since });
    this.schedule('abandoned', due?.at, () => {
      this.#act(null, due!.action);
      this.#watchAbandonment();
    });
  }

  #lagOf = (side: Side) => this.lag.lagOf(this.clientOf(side));

  /**
   * One action on the round: a flag that fell first counts first; a refusal changes nothing.
   * What the round took is journaled, then shown once durable.
   */
  #act(seat: Side | null, action: ChessAction): void {
    const now = this.now();
    const running = this.#round.clock?.running;
    let changed = this.#take(null, { type: 'expire', lag: running ? this.#lagOf(running) : 0 }, now);
    try {
      changed = this.#take(seat, action, now) || changed;
    } finally {
      if (changed) this.changed();
    }
  }

  /** Applies one action at `at` and journals the event it made; false when it changed nothing. */
  #take(seat: Side | null, action: ChessAction, at: number): boolean {
    const event = applyChess(this.#round, seat, action, at);
    if (!event) return false;
    this.keep(seat, event, at);
    return true;
  }

  /** Mirrors and publishes the round, updates the listing when the status moved, and records the game once it has ended. */
  protected show(): void {
    const status = this.state.status;
    mirrorRound(this.state, this.#round);
    if (status !== this.#round.status) mirrorSeats(this.state.players, this.seats, this.ratings);
    this.publishGame();
    // The player to move is probed for lag after they were sent the move, as they see it.
    const next = this.clientOf(this.#round.turn);
    if (this.#round.status === 'playing' && next) this.lag.probe(next);
    // The listing shows seats, status and spectators, none of which a move changes.
    if (status !== this.state.status) this.#list();
    if (this.#round.status === 'ended') this.#record();
  }

  /**
   * One timer per room at the flag or first-move limit (it re-checks when it fires), and the
   * abandonment, which a change (a resumption, the end) may move or cancel.
   */
  protected armDeadline(): void {
    this.schedule('deadline', this.#round.nextDeadline(this.#lagOf), () => {
      const running = this.#round.clock?.running;
      if (this.#take(null, { type: 'expire', lag: running ? this.#lagOf(running) : 0 }, this.now())) this.changed();
      else this.armDeadline();
    });
    this.#watchAbandonment();
  }

  #onLag(client: Client): void {
    const running = this.#round.clock?.running;
    if (running && this.clientOf(running) === client) this.armDeadline();
  }

  /** The lobby listing: seats, status and spectators (a move or play changes none of them). */
  #list(): void {
    this.list(listing(this.state));
  }

  #record(): void {
    if (this.#round.startedAt === undefined) return; // never began: nothing to record
    const game = finishedGame({ gameId: this.state.gameId, roomId: this.roomId, rated: this.#settings.rated, round: this.#round, seats: this.seats, ratings: this.ratings });
    this.schedule('abandoned', undefined, () => undefined);
    this.finish(this.#persister, game, AFTER_GAME_SEAT_MS, (ratings) => {
      const result = isAborted(game.outcome) ? null : game.outcome.result; // an aborted game has none
      this.log.info({ gameId: game.id, result, termination: game.outcome.termination, rated: ratings !== undefined }, 'game recorded');
      if (ratings) this.showRatingChange(this.state.ratingDiff, ratings, game.players);
    });
  }

  /** A change after the game (rematch offers): not journaled, shown at once. */
  #afterGame(change: () => unknown): void {
    change();
    this.journal.whenKept(() => this.show());
  }

  async #rematch(side: Side, kind: 'offer' | 'accept'): Promise<void> {
    if (kind === 'accept' && this.#round.rematchOffer !== opposite(side)) throw new Refusal('NO_OFFER', 'there is no rematch offer to accept');
    let agreed = false;
    this.#afterGame(() => { agreed = this.#round.offerRematch(side); });
    if (!agreed || this.#rematching) return;
    this.#rematching = true;
    const white = this.seats.get('white')!.player;
    const black = this.seats.get('black')!.player;
    try {
      const { roomId, reservations } = await createRoomWithSeats('chess', rematchOptions(this.#settings), { white: black, black: white });
      for (const seat of SIDES) {
        const newSeat = opposite(seat);
        this.clientOf(seat)?.send('rematch', { roomId, color: newSeat, reservation: reservations[newSeat] });
      }
      this.log.info({ rematchRoomId: roomId }, 'rematch created');
    } catch (error) {
      this.#rematching = false;
      this.log.error({ err: error }, 'could not create the rematch');
      throw new Refusal('REMATCH_FAILED', 'the rematch could not be created; offer again');
    }
  }

  /**
   * A game in play is suspended, not ended: the next start resumes it. Without a journal it
   * cannot come back, so it is aborted as before. A finished game not yet recorded stays in the
   * spool (and in the journal) for the next start.
   */
  override async onBeforeShutdown(): Promise<void> {
    await this.stopGame({
      inPlay: this.#round.status === 'playing',
      suspend: () => this.#take(null, { type: 'suspend' }, this.now()),
      abandon: () => { if (this.#take(null, { type: 'shutdown' }, this.now())) this.changed(); },
      persister: this.#persister,
    });
  }
}
