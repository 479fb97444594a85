/**
 * BackgammonRoom (PROTOCOL §4): an adapter between two players, their spectators and a match at
 * the table (src/games/backgammon/table.ts, which holds every rule, of time too). Each handler
 * checks who acts and hands the action to the table as data (src/games/backgammon/session.ts);
 * what the table takes is journaled, then mirrored and published once durable, and the player to
 * move is sent their legal plays. The one deadline that changes the match by itself (a reserve
 * running out, or the next game) and the absence the table judges are scheduled after each
 * change; when the match ends it is recorded once, with its dice revealed. A match in play
 * survives a restart: the next start replays its journal into the same room id
 * (rooms/shared/restore.ts) and the same dice roll again.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode, ServerError } from '@colyseus/core';
import { z } from 'zod';
import type { PlayerAuth } from '../src/auth/room-auth.ts';
import { drawSeed, generateClientSeed, type ClientSeeds } from '../src/games/backgammon/dice.ts';
import { applyBackgammon, replayBackgammon, type BackgammonAction, type BackgammonEvent } from '../src/games/backgammon/session.ts';
import { BackgammonTable, type Absences } from '../src/games/backgammon/table.ts';
import { SIDES, type Side } from '../src/games/side.ts';
import type { SessionInPlay } from '../src/services/game-sessions.ts';
import { recordBackgammonMatch, type FinishedBackgammonMatch, type RecordedRatings } from '../src/services/backgammon-matches.ts';
import { BackgammonState } from '../schema/BackgammonState.ts';
import { finishedMatch, listing, mirrorTable } from './backgammon/mirror.ts';
import { backgammonOptions, formatDelayControl, parseBackgammonOptions, type BackgammonSettings } from './backgammon/options.ts';
import { payload, type Participant } from './shared/game-room.ts';
import { Persister } from './shared/persister.ts';
import { takeRestored } from './shared/restore.ts';
import { SessionRoom } from './shared/session-room.ts';
import { mirrorSeats } from './shared/seat-mirror.ts';
import { reservedSeat } from './shared/server-options.ts';

const AFTER_MATCH_SEAT_MS = 60_000;
/** Reserved seats not taken within this long (the reservations expire after 15 s): no match. */
const NO_SHOW_MS = 20_000;

/** What the journal keeps to recreate a match: its settings, who plays it, and its dice (server-side only). */
interface BackgammonSetup {
  settings: BackgammonSettings;
  players: Record<Side, PlayerAuth>;
  /** The server seed, secret until the match ends, and both client seeds: the same dice after a restart. */
  seed: string;
  clientSeeds: ClientSeeds;
}

const none = payload({});
const step = z.tuple([z.number().int(), z.number().int()]);
const move = payload({ steps: z.array(step).max(4) });
const resign = payload({ points: z.union([z.literal(1), z.literal(2), z.literal(3)]) });

type BackgammonJoin = z.output<typeof backgammonOptions>;

export class BackgammonRoom extends SessionRoom<BackgammonState, BackgammonJoin> {
  override state = new BackgammonState();
  protected readonly seatNames = SIDES;
  protected readonly joinOptions = backgammonOptions;
  #settings!: BackgammonSettings;
  #table!: BackgammonTable;
  #seed = '';
  readonly #clientSeeds = new Map<string, string>();
  #persister!: Persister<FinishedBackgammonMatch, RecordedRatings>;
  /** The legal plays of the match as last shown, for the player to move. */
  #legal: { version: number; side: Side; plays: unknown[] } | undefined;
  /** The version and the connection the last `legal` went to. */
  #legalSent: { version: number; to: unknown } = { version: -1, to: undefined };

  override onCreate(options: unknown): void {
    const restored = takeRestored(this.roomId);
    const setup = restored?.setup as BackgammonSetup | undefined;
    this.#settings = setup ? setup.settings : parseBackgammonOptions(options);
    this.setUp(this.rt.config.maxSpectators);
    const { matchLength, jacoby, control, rated } = this.#settings;
    // The commit is public before any player's seed is fixed, so the seed cannot be chosen against them.
    this.#seed = setup?.seed ?? drawSeed();
    this.#table = new BackgammonTable({ matchLength, jacoby, control }, { seed: this.#seed, clientSeeds: setup?.clientSeeds });
    Object.assign(this.state, { gameId: restored?.id ?? randomUUID(), matchLength, jacoby, rated, diceCommit: this.#table.commit });
    mirrorTable(this.state, this.#table);
    this.#persister = new Persister({
      write: (match) => recordBackgammonMatch({ orm: this.rt.db.orm, match }),
      schedule: (at, task) => this.schedule('persist', at, task),
      now: () => this.now(),
      log: this.log,
      spool: this.rt.spool,
      kind: 'backgammon',
      idOf: (match) => match.id,
    });

    for (const type of ['roll', 'double', 'take', 'drop', 'resign:accept', 'resign:decline'] as const) {
      this.action(type, none, (_c, p) => this.#act(this.#side(p), { type }));
    }
    this.action('move', move, (_c, p, { steps }) => this.#act(this.#side(p), { type: 'move', steps }));
    this.action('resign', resign, (_c, p, { points }) => this.#act(this.#side(p), { type: 'resign', points }));

    if (restored) {
      this.#restore(restored);
      return;
    }
    this.#list();
    if (this.#settings.seats) {
      void this.readRatings('backgammon', () => this.#showRatings(), Object.values(this.#settings.seats));
      this.schedule('no-show', this.now() + NO_SHOW_MS, () => this.#act(null, { type: 'abort' }));
    }
  }

  /**
   * The match as the journal kept it, replayed event by event at their times; the seats held for
   * the players' clients. The time the server was away is charged to nobody: the match is
   * suspended from its last known moment until the player to act is back, or the grace ends.
   */
  #restore(session: SessionInPlay): void {
    const { players } = session.setup as BackgammonSetup;
    const lastKnown = this.resumeFrom<BackgammonEvent>(session, SIDES.map((side) => [side, players[side]] as const),
      (seat, event, at) => replayBackgammon(this.#table, seat as Side | null, event, at));
    this.suspendFrom(lastKnown, (type, at) => this.#take(null, { type }, at));
    this.log.info({ gameId: session.id, events: this.#table.events.length, status: this.#table.status }, 'match restored');
    void this.readRatings('backgammon', () => this.#showRatings());
    mirrorSeats(this.state.players, this.seats, this.ratings);
    this.changed();
    this.#list();
  }

  #side(participant: Participant): Side {
    return participant.seat as Side;
  }

  protected override admitted(player: PlayerAuth, join: BackgammonJoin): BackgammonJoin {
    // A seat's dice seed counts only until the match starts (it is part of every roll after).
    if (join.clientSeed !== undefined && join.spectate !== true && this.#table.status === 'waiting') this.#clientSeeds.set(player.id, join.clientSeed);
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
    return this.#table.status === 'playing';
  }

  protected seatsChanged(): void {
    // A resumption is shown (with the legal plays of its version) once the journal has it.
    const resuming = this.#resumable();
    if (this.#table.status === 'waiting' && this.seats.size === 2) this.#startMatch();
    else if (resuming) this.#act(null, { type: 'resume' });
    void this.readRatings('backgammon', () => this.#showRatings());
    this.#watchAbsences();
    mirrorSeats(this.state.players, this.seats, this.ratings);
    this.publish(false);
    if (!resuming) this.#sendLegal();
    this.#list();
  }

  /** A suspended match goes on once the player to act is back (between games: both players). */
  #resumable(): boolean {
    if (!this.#table.suspended) return false;
    const toAct = this.#table.toAct;
    return (toAct ? [toAct] : SIDES).every((side) => this.clientOf(side) !== undefined);
  }

  #showRatings(): void {
    mirrorSeats(this.state.players, this.seats, this.ratings);
    this.#list();
    this.publish(false);
  }

  #startMatch(): void {
    this.schedule('no-show', undefined, () => undefined);
    const player = (side: Side) => this.seats.get(side)!.player;
    const players = { white: player('white'), black: player('black') };
    const seedOf = (side: Side) => this.#clientSeeds.get(players[side].id) ?? generateClientSeed();
    const clientSeeds = { white: seedOf('white'), black: seedOf('black') };
    this.autoDispose = false;
    this.beginJournal('backgammon', this.state.gameId, { settings: this.#settings, players, seed: this.#seed, clientSeeds } satisfies BackgammonSetup);
    this.log.info({ white: players.white.id, black: players.black.id }, 'match started');
    this.#act(null, { type: 'start', clientSeeds });
  }

  #absences(): Absences {
    const absent: Absences = {};
    for (const side of SIDES) {
      const holder = this.seats.get(side);
      if (holder && !holder.connected && holder.absentSince !== undefined) absent[side] = holder.absentSince;
    }
    return absent;
  }

  /** What the players' absence does, when the table says: a forfeit, or an abandoned match. */
  #watchAbsences(): void {
    const due = this.#table.absenceDue(this.#absences());
    this.schedule('absent', due?.at, () => {
      this.#act(null, due!.action);
      this.#watchAbsences();
    });
  }

  /**
   * One action on the table: a deadline that passed first counts first; a refusal changes
   * nothing. What the table took is journaled, then shown once durable.
   */
  #act(seat: Side | null, action: BackgammonAction): void {
    const now = this.now();
    let changed = this.#take(null, { type: 'expire' }, now);
    try {
      changed = this.#take(seat, action, now) || changed;
      if (changed && this.#resumable()) this.#take(null, { type: 'resume' }, now);
    } finally {
      if (changed) this.changed();
    }
  }

  /** Applies one action at `at` and journals the event it made; false when it changed nothing. */
  #take(seat: Side | null, action: BackgammonAction, at: number): boolean {
    const event = applyBackgammon(this.#table, seat, action, at);
    if (!event) return false;
    this.keep(seat, event, at);
    return true;
  }

  /**
   * Mirrors and publishes the match, then sends the player to move their legal plays (as shown),
   * updates the listing when the status moved, and records the match once it has ended.
   */
  protected show(): void {
    const status = this.state.status;
    mirrorTable(this.state, this.#table);
    if (status !== this.#table.status) mirrorSeats(this.state.players, this.seats, this.ratings);
    this.publishGame();
    const { phase, turn } = this.#table.state;
    this.#legal = this.#table.status === 'playing' && phase === 'move' && turn
      ? { version: this.state.version, side: turn, plays: this.#table.legalPlays().map((play) => play.steps) }
      : undefined;
    this.#sendLegal();
    // The listing shows seats, status and spectators, none of which a play changes.
    if (status !== this.state.status) this.#list();
    if (this.#table.status === 'ended') this.#record();
  }

  /**
   * The deadlines the table gives: one timer at the flag or the end of the pause between games
   * (it re-checks when it fires), and what the players' absence does.
   */
  protected armDeadline(): void {
    this.schedule('deadline', this.#table.nextDeadline(), () => {
      if (this.#take(null, { type: 'expire' }, this.now())) this.changed();
      else this.armDeadline();
    });
    this.#watchAbsences();
  }

  /**
   * The player to move gets every distinct legal play of their roll as last shown: once per
   * version of the match, and again to a new connection of theirs (a rejoin or a reconnection).
   */
  #sendLegal(): void {
    const legal = this.#legal;
    if (!legal) return;
    const client = this.clientOf(legal.side);
    if (!client) return;
    // A reconnection keeps the client (and its session) but brings a new socket.
    if (this.#legalSent.version === legal.version && this.#legalSent.to === client.ref) return;
    this.#legalSent = { version: legal.version, to: client.ref };
    client.send('legal', { plays: legal.plays, version: legal.version });
  }

  /** The lobby listing: seats, status and spectators (a move or play changes none of them). */
  #list(): void {
    this.list(listing(this.state, formatDelayControl(this.#settings.control)));
  }

  #record(): void {
    this.schedule('absent', undefined, () => undefined);
    if (this.#table.startedAt === undefined) {
      // Never began (nobody came): nothing to record; the reserved seats go a while later.
      this.schedule('release-seats', this.now() + AFTER_MATCH_SEAT_MS, () => this.releaseSeats());
      return;
    }
    const match = finishedMatch({ gameId: this.state.gameId, roomId: this.roomId, settings: this.#settings, table: this.#table, seats: this.seats, ratings: this.ratings });
    this.finish(this.#persister, match, AFTER_MATCH_SEAT_MS, (ratings) => {
      this.log.info({ gameId: match.id, winner: match.winner, termination: match.termination, rated: ratings !== undefined }, 'match recorded');
      if (ratings) this.showRatingChange(this.state.ratingDiff, ratings, match.players);
    });
  }

  /**
   * A match in play is suspended, not ended: the next start resumes it. Without a journal it
   * cannot come back, so it is aborted as before. A finished match not yet recorded stays in the
   * spool (and in the journal) for the next start.
   */
  override async onBeforeShutdown(): Promise<void> {
    await this.stopGame({
      inPlay: this.#table.status === 'playing',
      suspend: () => this.#take(null, { type: 'suspend' }, this.now()),
      abandon: () => { if (this.#take(null, { type: 'abort' }, this.now())) this.changed(); },
      persister: this.#persister,
    });
  }
}
