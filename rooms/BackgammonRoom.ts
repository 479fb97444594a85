/**
 * BackgammonRoom (PROTOCOL §4): an adapter between two players, their spectators and a
 * BackgammonMatch. Each handler checks who acts, calls the match, and publishes; the match holds
 * every rule. The room adds what is about time and people: it rolls for a player who cannot
 * double, sends the player to move their legal plays, runs the delay-and-reserve clock (one
 * deadline at the flag), starts the next game after a pause, and records the match once, with
 * its dice revealed.
 */
import { randomUUID } from 'node:crypto';
import { CloseCode, ErrorCode, ServerError } from '@colyseus/core';
import { z } from 'zod';
import type { PlayerAuth } from '../src/auth/room-auth.ts';
import { commitOf, createDice, DICE_DERIVATION, drawSeed, type MatchDice } from '../src/games/backgammon/dice.ts';
import { BackgammonMatch } from '../src/games/backgammon/match.ts';
import {
  createDelayClock, flagAt, isOutOfTime, startAction, stopDelayClock, type DelayClock,
} from '../src/games/clock/delay-clock.ts';
import { SIDES, type Side } from '../src/games/side.ts';
import { recordBackgammonMatch, type FinishedBackgammonMatch, type RecordedRatings } from '../src/services/backgammon-matches.ts';
import { BackgammonState } from '../schema/BackgammonState.ts';
import { listing, mirrorClock, mirrorMatch } from './backgammon/mirror.ts';
import { backgammonOptions, formatDelayControl, parseBackgammonOptions, type BackgammonSettings } from './backgammon/options.ts';
import { GameRoom, payload, type Participant } from './shared/game-room.ts';
import { Persister } from './shared/persister.ts';
import { mirrorSeats } from './shared/seat-mirror.ts';
import { reservedSeat } from './shared/server-options.ts';

/** The pause between the games of a match, for both players to see how the last one ended. */
export const NEXT_GAME_PAUSE_MS = 4000;
/** One player gone this long during a match forfeits it (with a clock, the reserve usually runs out first). */
export const ABSENT_FORFEIT_MS = 5 * 60_000;
/** With both players gone this long, the match is aborted. */
const ABANDONED_AFTER_MS = 10 * 60_000;
const AFTER_MATCH_SEAT_MS = 60_000;
const NO_SHOW_MS = 20_000;

const none = payload({});
const step = z.tuple([z.number().int(), z.number().int()]);
const move = payload({ steps: z.array(step).max(4) });
const resign = payload({ points: z.union([z.literal(1), z.literal(2), z.literal(3)]) });

type BackgammonJoin = z.output<typeof backgammonOptions>;

export class BackgammonRoom extends GameRoom<BackgammonState, BackgammonJoin> {
  override state = new BackgammonState();
  protected readonly seatNames = SIDES;
  protected readonly joinOptions = backgammonOptions;
  #settings!: BackgammonSettings;
  #match!: BackgammonMatch;
  #seed = '';
  #dice: MatchDice | undefined;
  readonly #clientSeeds = new Map<string, string>();
  #clock: DelayClock | undefined;
  /** The event count when the acting side's current action began (each action gets a fresh delay). */
  #actionFrom = -1;
  readonly #eventTimes: number[] = [];
  #startedAt: number | undefined;
  #persister!: Persister<FinishedBackgammonMatch, RecordedRatings>;
  #recording = false;
  /** The version and the connection the last `legal` went to. */
  #legalSent: { version: number; to: unknown } = { version: -1, to: undefined };

  override onCreate(options: unknown): void {
    this.#settings = parseBackgammonOptions(options);
    this.setUp(this.rt.config.maxSpectators);
    const { matchLength, jacoby, control, rated } = this.#settings;
    this.#match = new BackgammonMatch({ matchLength, jacoby }, (k) => this.#dice!.roll(k));
    // The commit is public before any player's seed is fixed, so the seed cannot be chosen against them.
    this.#seed = drawSeed();
    this.#clock = control ? createDelayClock(control, this.now()) : undefined;
    Object.assign(this.state, { gameId: randomUUID(), matchLength, jacoby, rated, diceCommit: commitOf(this.#seed) });
    mirrorClock(this.state, this.#clock);
    mirrorMatch(this.state, this.#match.state);
    this.#persister = new Persister({
      write: (match) => recordBackgammonMatch({ orm: this.rt.db.orm, match }),
      schedule: (at, task) => this.schedule('persist', at, task),
      now: () => this.now(),
      log: this.log,
      spool: this.rt.spool,
      kind: 'backgammon',
      idOf: (match) => match.id,
    });

    this.action('roll', none, (_c, p) => this.#act(() => this.#match.roll(this.#side(p))));
    this.action('move', move, (_c, p, { steps }) => this.#act(() => this.#match.move(this.#side(p), steps)));
    this.action('double', none, (_c, p) => this.#act(() => this.#match.double(this.#side(p))));
    this.action('take', none, (_c, p) => this.#act(() => this.#match.take(this.#side(p))));
    this.action('drop', none, (_c, p) => this.#act(() => this.#match.drop(this.#side(p))));
    this.action('resign', resign, (_c, p, { points }) => this.#act(() => this.#match.resign(this.#side(p), points)));
    this.action('resign:accept', none, (_c, p) => this.#act(() => this.#match.acceptResignation(this.#side(p))));
    this.action('resign:decline', none, (_c, p) => this.#act(() => this.#match.declineResignation(this.#side(p))));

    this.#list();
    if (this.#settings.seats) {
      void this.readRatings('backgammon', () => this.#showRatings(), Object.values(this.#settings.seats));
      this.schedule('no-show', this.now() + NO_SHOW_MS, () => this.#act(() => this.#match.abort()));
    }
  }

  #side(participant: Participant): Side {
    return participant.seat as Side;
  }

  protected override admitted(player: PlayerAuth, join: BackgammonJoin): BackgammonJoin {
    // A seat's dice seed counts only until the match starts (it is part of every roll after).
    if (join.clientSeed !== undefined && join.spectate !== true && this.#match.status === 'waiting') this.#clientSeeds.set(player.id, join.clientSeed);
    return join;
  }

  protected pickSeat(player: PlayerAuth): Side {
    const pinned = this.#settings.seats;
    if (pinned) return reservedSeat(pinned, SIDES, player.id, 'match');
    const free = SIDES.filter((side) => !this.seats.has(side));
    if (free.length === 0) throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, 'both seats are taken; join with { spectate: true } to watch');
    return free[0]!;
  }

  protected inProgress(): boolean {
    return this.#match.status === 'playing';
  }

  protected seatsChanged(): void {
    if (this.#match.status === 'waiting' && this.seats.size === 2) this.#startMatch();
    void this.readRatings('backgammon', () => this.#showRatings());
    this.#watchAbsences();
    mirrorSeats(this.state.players, this.seats, this.ratings);
    this.#sendLegal();
    this.publish(false);
    this.#list();
  }

  #showRatings(): void {
    mirrorSeats(this.state.players, this.seats, this.ratings);
    this.#list();
    this.publish(false);
  }

  #startMatch(): void {
    this.schedule('no-show', undefined, () => undefined);
    const seedOf = (side: Side) => this.#clientSeeds.get(this.seats.get(side)!.player.id);
    this.#dice = createDice({ seed: this.#seed, clientSeeds: { white: seedOf('white'), black: seedOf('black') } });
    this.#startedAt = this.now();
    this.autoDispose = false;
    this.log.info({ white: this.seats.get('white')!.player.id, black: this.seats.get('black')!.player.id }, 'match started');
    this.#act(() => this.#match.start());
  }

  /** A player gone too long forfeits; both gone too long, the match is aborted. */
  #watchAbsences(): void {
    const playing = this.#match.status === 'playing';
    const gone = SIDES.map((side) => this.seats.get(side)).map((h) => (h && !h.connected ? h.absentSince : undefined));
    const [white, black] = gone;
    if (playing && white !== undefined && black !== undefined) {
      this.schedule('absent', undefined, () => undefined);
      this.schedule('abandoned', Math.max(white, black) + ABANDONED_AFTER_MS, () => this.#act(() => this.#match.abort()));
      return;
    }
    this.schedule('abandoned', undefined, () => undefined);
    const oneGone = playing ? (white !== undefined ? 'white' : black !== undefined ? 'black' : undefined) : undefined;
    const since = oneGone === 'white' ? white : black;
    this.schedule('absent', oneGone && since !== undefined ? since + ABSENT_FORFEIT_MS : undefined,
      () => this.#act(() => this.#match.forfeit(oneGone!)));
  }

  /**
   * Applies one change to the match: a reserve that ran out counts first; a refusal changes
   * nothing. Then the server rolls where a player has no choice, and everything is published.
   */
  #act(change: () => unknown): void {
    if (this.#expire()) this.#changed();
    change();
    this.#autoRoll();
    this.#changed();
  }

  /** Rolls for the player who cannot double (and the opening roll); a roll may pass by itself. */
  #autoRoll(): void {
    for (let guard = 0; guard < 8 && this.#match.mustRollAutomatically; guard++) {
      this.#match.roll((this.#match.turn || 'white') as Side);
    }
  }

  /** The running side's reserve is gone: it loses the match. */
  #expire(): boolean {
    const clock = this.#clock;
    if (!clock?.running || !isOutOfTime(clock, this.now()) || this.#match.status !== 'playing') return false;
    this.#match.timeout(clock.running);
    return true;
  }

  /**
   * Mirrors and publishes the match, keeps the event times, runs the clock for whoever must act
   * now, arms the deadlines, and records the match once it has ended.
   */
  #changed(): void {
    const now = this.now();
    const status = this.state.status;
    const events = this.#match.events;
    while (this.#eventTimes.length < events.length) this.#eventTimes.push(now);
    this.#runClock(now);
    mirrorMatch(this.state, this.#match.state);
    mirrorClock(this.state, this.#clock);
    if (this.#match.status === 'ended' && this.#dice) this.state.diceSeed = this.#dice.reveal();
    this.#armDeadlines();
    this.publish(true);
    this.#sendLegal();
    // The listing shows seats, status and spectators, none of which a play changes.
    if (status !== this.state.status) this.#list();
    if (this.#match.status === 'ended' && !this.#recording) this.#record();
  }

  /** Each new action of the side that must act starts a fresh delay; nobody to act stops the clock. */
  #runClock(now: number): void {
    if (!this.#clock) return;
    const toAct = this.#match.toAct;
    const count = this.#match.events.length;
    if (toAct === undefined) {
      if (this.#clock.running) this.#clock = stopDelayClock(this.#clock, now);
      this.#actionFrom = -1;
    } else if (this.#clock.running !== toAct || this.#actionFrom !== count) {
      this.#clock = startAction(this.#clock, toAct, now);
      this.#actionFrom = count;
    }
  }

  #armDeadlines(): void {
    this.schedule('flag', this.#clock ? flagAt(this.#clock) : undefined, () => {
      if (this.#expire()) this.#changed();
      else this.#armDeadlines();
    });
    const between = this.#match.status === 'playing' && this.#match.phase === 'between-games';
    this.schedule('next-game', between ? this.now() + NEXT_GAME_PAUSE_MS : undefined,
      () => this.#act(() => this.#match.startNextGame()));
  }

  /**
   * The player to move gets every distinct legal play of their roll: once per version of the
   * match, and again to a new connection of theirs (a rejoin or a reconnection).
   */
  #sendLegal(): void {
    const { phase, turn } = this.#match.state;
    if (this.#match.status !== 'playing' || phase !== 'move' || !turn) return;
    const client = this.clientOf(turn);
    if (!client) return;
    // A reconnection keeps the client (and its session) but brings a new socket.
    if (this.#legalSent.version === this.state.version && this.#legalSent.to === client.ref) return;
    this.#legalSent = { version: this.state.version, to: client.ref };
    client.send('legal', { plays: this.#match.legalPlays().map((play) => play.steps), version: this.state.version });
  }

  /** The lobby listing: seats, status and spectators (a move or play changes none of them). */
  #list(): void {
    this.list(listing(this.state, formatDelayControl(this.#settings.control)));
  }

  #record(): void {
    this.#recording = true;
    this.schedule('abandoned', undefined, () => undefined);
    this.schedule('absent', undefined, () => undefined);
    this.schedule('release-seats', this.now() + AFTER_MATCH_SEAT_MS, () => this.releaseSeats());
    if (this.#startedAt === undefined || !this.#dice) {
      this.autoDispose = true;
      return; // never began: nothing to record
    }
    const state = this.#match.state;
    const player = (side: Side) => {
      const { id, username } = this.seats.get(side)!.player;
      return { id, username, rating: this.ratings.get(id)?.rating };
    };
    const match: FinishedBackgammonMatch = {
      id: this.state.gameId,
      roomId: this.roomId,
      rated: this.#settings.rated,
      players: { white: player('white'), black: player('black') },
      matchLength: this.#settings.matchLength,
      jacoby: this.#match.options.jacoby,
      clock: this.#settings.control,
      score: { ...state.score },
      winner: state.winner || undefined,
      termination: state.termination || 'aborted',
      dice: { derivation: DICE_DERIVATION, commit: this.#dice.commit, seed: this.#dice.reveal(), clientSeeds: { ...this.#dice.clientSeeds } },
      events: [...this.#match.events],
      eventTimes: [...this.#eventTimes],
      startedAt: new Date(this.#startedAt),
      endedAt: new Date(this.now()),
    };
    this.#persister.persist(match, (ratings) => {
      this.log.info({ gameId: match.id, winner: match.winner, termination: match.termination, rated: ratings !== undefined }, 'match recorded');
      if (ratings) this.showRatingChange(this.state.ratingDiff, ratings, match.players);
      this.autoDispose = true;
    });
  }

  override async onBeforeShutdown(): Promise<void> {
    if (this.#match.status !== 'ended') {
      this.#match.abort();
      this.#changed();
    }
    await this.#persister.settle();
    this.releaseSeats();
    this.disconnect(CloseCode.SERVER_SHUTDOWN);
  }
}
