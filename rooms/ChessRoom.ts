/**
 * ChessRoom (PROTOCOL §3): an adapter between two players, their spectators and a ChessRound.
 * Each handler checks who acts, calls the round, and publishes; the round holds every rule.
 * The one deadline that can end the game by itself (a flag or a first-move limit) is scheduled
 * after each change; when the game ends it is recorded once, ratings included.
 */
import { randomUUID } from 'node:crypto';
import { CloseCode, ErrorCode, ServerError, type Client } from '@colyseus/core';
import { z } from 'zod';
import type { PlayerAuth } from '../src/auth/room-auth.ts';
import { ChessGame } from '../src/games/chess/game.ts';
import { isAborted } from '../src/games/chess/outcome.ts';
import { ChessRound, type Absence } from '../src/games/chess/round.ts';
import { formatTimeControl } from '../src/games/clock/time-control.ts';
import { Refusal } from '../src/games/refusal.ts';
import { opposite, SIDES, type Side } from '../src/games/side.ts';
import { recordChessGame, type FinishedChessGame, type RecordedRatings } from '../src/services/chess-games.ts';
import { ChessState } from '../schema/ChessState.ts';
import { finishedGame, listing, mirrorRound } from './chess/mirror.ts';
import { chessOptions, parseChessOptions, rematchOptions, type ChessSettings } from './chess/options.ts';
import { GameRoom, payload, type Participant } from './shared/game-room.ts';
import { Persister } from './shared/persister.ts';
import { mirrorSeats } from './shared/seat-mirror.ts';
import { createRoomWithSeats, reservedSeat } from './shared/server-options.ts';

/** With every player gone this long, an unfinished game is aborted. */
const ABANDONED_AFTER_MS = 10 * 60_000;
/** After the game, seats of dropped players are kept this long for them to see the end. */
const AFTER_GAME_SEAT_MS = 60_000;
/** Reserved seats not taken within this long (the reservations expire after 15 s): no game. */
const NO_SHOW_MS = 20_000;

const none = payload({});
const move = z.union([payload({ uci: z.string().max(5) }), payload({ san: z.string().max(10) })],
  { error: 'a move is { uci: "e2e4" } or { san: "e4" }, with an optional version' });
const claimVictory = payload({ draw: z.boolean().optional() });

export class ChessRoom extends GameRoom<ChessState, z.output<typeof chessOptions>> {
  override state = new ChessState();
  protected readonly seatNames = SIDES;
  protected readonly joinOptions = chessOptions;
  #settings!: ChessSettings;
  #round!: ChessRound;
  #persister!: Persister<FinishedChessGame, RecordedRatings>;
  #recording = false;
  #rematching = false;

  override onCreate(options: unknown): void {
    this.#settings = parseChessOptions(options);
    this.setUp(this.rt.config.maxSpectators);
    this.#round = new ChessRound(ChessGame.start(this.#settings.fen) as ChessGame, this.#settings.control);
    Object.assign(this.state, {
      gameId: randomUUID(), category: this.#round.category, rated: this.#settings.rated,
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

    this.action('move', move, (client, p, input) =>
      this.#act(() => this.#round.move(this.#side(p), input, this.now(), this.lag.lagOf(client))));
    this.action('resign', none, (_c, p) => this.#act(() => this.#round.resign(this.#side(p), this.now())));
    this.action('abort', none, () => this.#act(() => this.#round.abort(this.now())));
    this.action('draw:offer', none, (_c, p) => this.#act(() => this.#round.offerDraw(this.#side(p), this.now())));
    this.action('draw:accept', none, (_c, p) => this.#act(() => this.#round.answerDraw(this.#side(p), true, this.now())));
    this.action('draw:decline', none, (_c, p) => this.#act(() => this.#round.answerDraw(this.#side(p), false, this.now())));
    this.action('takeback:offer', none, (_c, p) => this.#act(() => this.#round.offerTakeback(this.#side(p), this.now())));
    this.action('takeback:accept', none, (_c, p) => this.#act(() => this.#round.answerTakeback(this.#side(p), true, this.now())));
    this.action('takeback:decline', none, (_c, p) => this.#act(() => this.#round.answerTakeback(this.#side(p), false, this.now())));
    this.action('claim:draw', none, (_c, p) => this.#act(() => this.#round.claimDraw(this.#side(p), this.now())));
    this.action('claim:victory', claimVictory, (_c, p, { draw }) => this.#act(() =>
      this.#round.claimVictory(this.#side(p), this.#absence(opposite(this.#side(p))), draw ?? false, this.now())));
    this.action('rematch:offer', none, (_c, p) => this.#rematch(this.#side(p), 'offer'));
    this.action('rematch:accept', none, (_c, p) => this.#rematch(this.#side(p), 'accept'));
    this.action('rematch:decline', none, (_c, p) => this.#act(() => this.#round.declineRematch(this.#side(p))));

    this.#list();
    if (this.#settings.seats) {
      void this.readRatings(this.#round.category, () => this.#showRatings(), Object.values(this.#settings.seats));
      this.schedule('no-show', this.now() + NO_SHOW_MS, () => this.#act(() => this.#round.cancel(this.now())));
    }
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
      this.#round.start(this.now());
      this.autoDispose = false;
      this.log.info({ white: this.seats.get('white')!.player.id, black: this.seats.get('black')!.player.id }, 'game started');
    }
    void this.readRatings(this.#round.category, () => this.#showRatings());
    this.#watchAbsences();
    this.#changed(this.#round.status === 'playing' && this.state.status === 'waiting');
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
    const gone = SIDES.map((side) => this.#absence(side));
    const [white, black] = gone;
    const playing = this.#round.status === 'playing';
    const oneGone = playing && (white === undefined) !== (black === undefined) ? (white ?? black) : undefined;
    this.state.claimVictoryAt = oneGone ? this.#round.claimableAt(oneGone) : 0;
    const bothGoneAt = playing && white && black ? Math.max(white.since, black.since) + ABANDONED_AFTER_MS : undefined;
    this.schedule('abandoned', bothGoneAt, () => this.#act(() => this.#round.abortUnfinished(this.now())));
  }

  #lagOf = (side: Side) => this.lag.lagOf(this.clientOf(side));

  /** Applies one change to the round: a flag that fell first counts first; a refusal changes nothing. */
  #act(change: () => unknown): void {
    if (this.#round.expire(this.now(), this.#lagOf)) this.#changed();
    change();
    this.#changed();
    const next = this.clientOf(this.#round.turn);
    if (this.#round.status === 'playing' && next) this.lag.probe(next);
  }

  /**
   * Mirrors and publishes the round (a game change moves `version` on; presence does not),
   * re-arms its deadline, and records the game once it has ended.
   */
  #changed(gameChanged = true): void {
    const status = this.state.status;
    mirrorRound(this.state, this.#round);
    if (!gameChanged || status !== this.#round.status) mirrorSeats(this.state.players, this.seats, this.ratings);
    this.#armDeadline();
    this.publish(gameChanged);
    // The listing shows seats, status and spectators, none of which a move changes.
    if (!gameChanged || status !== this.state.status) this.#list();
    if (this.#round.status === 'ended' && !this.#recording) this.#record();
  }

  /** One timer per room, at the flag or first-move limit; it re-checks when it fires. */
  #armDeadline(): void {
    this.schedule('deadline', this.#round.nextDeadline(this.#lagOf), () => {
      if (this.#round.expire(this.now(), this.#lagOf)) this.#changed();
      else this.#armDeadline();
    });
  }

  #onLag(client: Client): void {
    const running = this.#round.clock?.running;
    if (running && this.clientOf(running) === client) this.#armDeadline();
  }

  /** The lobby listing: seats, status and spectators (a move or play changes none of them). */
  #list(): void {
    this.list(listing(this.state));
  }

  #record(): void {
    this.#recording = true;
    if (this.#round.startedAt === undefined) return; // never began: nothing to record
    const game = finishedGame({ gameId: this.state.gameId, roomId: this.roomId, rated: this.#settings.rated, round: this.#round, seats: this.seats, ratings: this.ratings });
    this.schedule('abandoned', undefined, () => undefined);
    this.schedule('release-seats', this.now() + AFTER_GAME_SEAT_MS, () => this.releaseSeats());
    this.#persister.persist(game, (ratings) => {
      const result = isAborted(game.outcome) ? null : game.outcome.result; // an aborted game has none
      this.log.info({ gameId: game.id, result, termination: game.outcome.termination, rated: ratings !== undefined }, 'game recorded');
      if (ratings) this.showRatingChange(this.state.ratingDiff, ratings, game.players);
      this.autoDispose = true;
    });
  }

  async #rematch(side: Side, kind: 'offer' | 'accept'): Promise<void> {
    if (kind === 'accept' && this.#round.rematchOffer !== opposite(side)) throw new Refusal('NO_OFFER', 'there is no rematch offer to accept');
    let agreed = false;
    this.#act(() => { agreed = this.#round.offerRematch(side); });
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

  override async onBeforeShutdown(): Promise<void> {
    if (this.#round.abortUnfinished(this.now())) this.#changed();
    await this.#persister.settle();
    this.releaseSeats();
    this.disconnect(CloseCode.SERVER_SHUTDOWN);
  }
}
