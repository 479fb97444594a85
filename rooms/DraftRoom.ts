/**
 * DraftRoom (PROTOCOL §5): a player draft (snake, normal, shuffle) or a Captain's Mode hero
 * draft, declared on the shared runner. Captains' actions, their presence (as seats tell it)
 * and the deadlines become actions of the draft session (src/games/draft/session.ts), which
 * holds every rule, every clock and every timeout; the room draws the seed each action may need
 * by chance (node:crypto), journals what the draft took, and shows it once the journal has it.
 * It adds a once-a-second tick that mirrors the clocks while a turn runs (and none otherwise),
 * and the record of the draft, once, when it is over.
 *
 * A draft survives its server from its creation: its journal opens when the organiser creates it,
 * with what recreates it, and keeps every event from then on (presence included); the organiser
 * is handed its room id once that is durable. A shutdown suspends it, waiting for its captains or
 * under way, instead of ending it, and the next start replays it into the same room id, holds
 * the seat of each captain who had come for the client that had it (one who had not joins as
 * before), and lets the draft go on (session.ts: the suspension and its grace; the wait for the
 * captains is not charged the time the server was away either).
 *
 * Only an organiser creates a draft (POST /api/drafts hands the server-only `organiser`
 * option); captains join as players, anyone else is seated as a spectator.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { ErrorCode, ServerError } from '@colyseus/core';
import { z } from 'zod';
import type { PlayerAuth } from '../src/auth/room-auth.ts';
import { ALL_CHOICES } from '../src/games/draft/captains-mode.ts';
import type { CaptainsChoice } from '../src/games/draft/events.ts';
import { SEED_RANGE } from '../src/games/draft/draws.ts';
import { draftCaptains, parseDraftOptions, type DraftSettings } from '../src/games/draft/options.ts';
import { applyDraft, DraftSession, replayDraft, type DraftSeat, type DraftSessionAction, type DraftSessionEvent } from '../src/games/draft/session.ts';
import { isAppError } from '../src/errors.ts';
import { Refusal } from '../src/games/refusal.ts';
import type { SessionInPlay } from '../src/services/game-sessions.ts';
import { requirePlayers } from '../src/services/leagues.ts';
import { recordDraft, type FinishedDraft } from '../src/services/drafts.ts';
import { DraftState } from '../schema/DraftState.ts';
import { initialDraftState, listing, mirrorCaptains, mirrorHeroDraft, mirrorPlayerDraft, mirrorTimers } from './draft/mirror.ts';
import { finishedDraft } from './draft/record.ts';
import { payload, type Participant } from './shared/game-room.ts';
import { Persister } from './shared/persister.ts';
import { lastConnections, takeRestored } from './shared/restore.ts';
import { SessionRoom } from './shared/session-room.ts';

/** The clocks in the state are refreshed this often while a turn runs (the seed's 1 s tick). */
export const TICK_MS = 1000;
const AFTER_DRAFT_SEAT_MS = 60_000;

/** What the journal keeps to recreate a draft: its options, who organised it, when, and its captains. */
interface DraftSetup {
  settings: DraftSettings;
  organiserId: string;
  createdAt: number;
  /**
   * Each team's captain, by team index, as a join authenticates them: read from the players at
   * the draft's creation (a draft journaled at its start by earlier code: the captains seated
   * then, the same players).
   */
  captains: PlayerAuth[];
}

const id = z.string().min(1).max(64);
const playerPick = payload({ playerId: id });
const heroChoice = payload({ heroId: id });
const captainsChoice = payload({ choice: z.enum(ALL_CHOICES as [string, ...string[]]) });
const organiser = z.object({ organiser: z.string().min(1) }).passthrough();

export class DraftRoom extends SessionRoom<DraftState> {
  override state = new DraftState();
  protected seatNames: readonly string[] = [];
  protected readonly joinOptions = z.object({ spectate: z.boolean().optional() }).strict();
  #setup!: DraftSetup;
  #draftId = '';
  #session!: DraftSession;
  #persister!: Persister<FinishedDraft, { created: boolean }>;
  /** The server is stopping: what the seats do now is not news for the draft. */
  #stopping = false;

  override async onCreate(options: unknown): Promise<void> {
    const restored = takeRestored(this.roomId);
    this.#setup = restored ? (restored.setup as DraftSetup) : await this.#created(options);
    this.#draftId = restored?.id ?? randomUUID();
    const { settings } = this.#setup;
    this.#session = new DraftSession(settings, this.#setup.createdAt);
    const draft = this.#session.draft;
    this.seatNames = draft.teams.map((_team, i) => String(i));
    this.setUp(this.rt.config.maxSpectators);
    // The room lives from its creation by the organiser until the draft is recorded, joined or not.
    this.autoDispose = false;
    initialDraftState(this.state, draft, settings.leagueId);
    this.#persister = new Persister({
      write: (record) => recordDraft({ orm: this.rt.db.orm, draft: record }),
      schedule: (at, task) => this.schedule('persist', at, task),
      now: () => this.now(),
      log: this.log,
      spool: this.rt.spool,
      kind: 'draft',
      idOf: (record) => record.roomId,
    });

    if (draft.kind === 'players') {
      this.action('pick', playerPick, (_c, p, { playerId }) => this.#act(this.#seat(p), { type: 'pick', choice: playerId }));
    } else {
      this.action('pick', heroChoice, (_c, p, { heroId }) => this.#act(this.#seat(p), { type: 'pick', choice: heroId }));
      this.action('ban', heroChoice, (_c, p, { heroId }) => this.#act(this.#seat(p), { type: 'ban', choice: heroId }));
      this.action('choose', captainsChoice, (_c, p, { choice }) => this.#act(this.#seat(p), { type: 'choose', choice: choice as CaptainsChoice }));
    }
    if (restored) {
      this.#restore(restored);
      return;
    }
    this.log.info({ kind: draft.kind, teams: draft.teams.length, organiser: this.#setup.organiserId }, 'draft created');
    this.#openJournal();
    this.changed();
    // The organiser has the room id once the draft is durable: from then on no crash loses it.
    await this.journal.settled();
  }

  /** A new draft, from the organiser's options (a restored room has none, and needs none). */
  async #created(options: unknown): Promise<DraftSetup> {
    const given = organiser.safeParse(options);
    if (!given.success) throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, 'drafts are created by organisers, through POST /api/drafts');
    const { organiser: organiserId, ...raw } = given.data;
    let settings: DraftSettings;
    try {
      settings = parseDraftOptions(raw);
    } catch (error) {
      throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, error instanceof Refusal ? error.message : String(error));
    }
    return { settings, organiserId, captains: await this.#captains(settings), createdAt: this.now() };
  }

  /** The captains as players of this server, by team (what a restart gives their seats to). */
  async #captains(settings: DraftSettings): Promise<PlayerAuth[]> {
    const ids = draftCaptains(settings);
    try {
      const players = await requirePlayers(this.rt.db.orm.em.fork(), ids);
      return ids.map((id) => {
        const { username, guest } = players.get(id)!;
        return { id, username, guest };
      });
    } catch (error) {
      throw isAppError(error) ? new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, error.message) : error;
    }
  }

  /**
   * The draft's journal opens at its creation with what recreates it (`DraftSetup`); its players
   * are the captains its settings name, so GET /api/me/games tells each of them about it.
   */
  #openJournal(): void {
    this.beginJournal('draft', this.#draftId, this.#setup, draftCaptains(this.#setup.settings));
  }

  /**
   * The draft as the journal kept it, replayed event by event at their times; the seat of each
   * captain who had come held for the client that had it (a captain who never came has no seat
   * yet, and joins as any captain does). What fell due before its last known moment is applied
   * then; from then it stands still (suspended) until the captains it awaits are back, or the
   * grace is over: the time the server was away is charged to nobody.
   */
  #restore(session: SessionInPlay): void {
    const connections = lastConnections(session.entries);
    const seated = this.seatNames.flatMap((seat, team) => connections.has(seat) ? [[seat, this.#setup.captains[team]!] as const] : []);
    const lastKnown = this.resumeFrom<DraftSessionEvent>(session, seated,
      (seat, event, at) => replayDraft(this.#session, seat === null ? null : Number(seat), event, at));
    this.suspendFrom(lastKnown, (type, at) => {
      // Before its grace starts, the draft hears who is here now (nobody yet): the captains as they were do not end it.
      if (type === 'restored') this.#take(null, { type: 'presence', present: this.#presence() }, at);
      return this.#take(null, { type }, at);
    });
    this.log.info({ draftId: session.id, kind: this.#session.draft.kind, step: this.#session.draft.step, status: this.#session.status }, 'draft restored');
    mirrorCaptains(this.state, this.seats);
    this.changed();
  }

  #seat(participant: Participant): number {
    return Number(participant.seat);
  }

  /** Which captains are connected now, by team. */
  #presence(): boolean[] {
    return this.seatNames.map((seat) => this.seats.get(seat)?.connected ?? false);
  }

  /** Captains draft; anyone else who joins watches. */
  protected override admitted(player: PlayerAuth, join: { spectate?: boolean | undefined }): { spectate?: boolean | undefined } {
    return this.#session.draft.teamOf(player.id) !== undefined ? join : { ...join, spectate: true };
  }

  protected pickSeat(player: PlayerAuth): string {
    const team = this.#session.draft.teamOf(player.id);
    if (team === undefined) throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, 'only the captains draft; join with { spectate: true } to watch');
    return String(team);
  }

  protected inProgress(): boolean {
    return this.#session.underWay;
  }

  /** Seats are shown as they are; the draft hears who is here (and decides what that means). */
  protected seatsChanged(): void {
    mirrorCaptains(this.state, this.seats);
    this.publish(false);
    this.list(listing(this.state));
    if (!this.#stopping) this.#act(null, { type: 'presence', present: this.#presence() });
  }

  /**
   * One action on the draft; a refusal changes nothing. Unlike chess, no deadline is taken
   * first: an action that reaches the rules before the room applied a timeout is still the
   * captain's own (the draft's rules say so).
   */
  #act(seat: DraftSeat, action: DraftSessionAction): void {
    if (this.#take(seat, action, this.now())) this.changed();
  }

  /** Applies one action at `at`, with a fresh seed for its chance, and keeps the event it made; false when it changed nothing. */
  #take(seat: DraftSeat, action: DraftSessionAction, at: number): boolean {
    const event = applyDraft(this.#session, seat, { ...action, seed: randomInt(SEED_RANGE) }, at);
    if (!event) return false;
    this.keep(seat === null ? null : String(seat), event, at);
    return true;
  }

  /** Mirrors and publishes the draft, and records it once it is over. */
  protected show(): void {
    const draft = this.#session.draft;
    const now = this.now();
    if (draft.kind === 'players') mirrorPlayerDraft(this.state, draft, now);
    else mirrorHeroDraft(this.state, draft, now);
    this.publishGame();
    this.#armTick(now);
    this.list(listing(this.state));
    if (this.#session.over) this.#record();
  }

  /** One timer per room, at the draft's next deadline; it re-checks when it fires. */
  protected armDeadline(): void {
    this.schedule('deadline', this.#session.nextDeadline(this.now()), () => {
      if (this.#take(null, { type: 'expire' }, this.now())) this.changed();
      else this.armDeadline();
    });
  }

  /** The clocks tick once a second while a turn runs, and not at all otherwise. */
  #armTick(now: number): void {
    this.schedule('tick', this.#session.running ? now + TICK_MS : undefined, () => {
      const at = this.now();
      mirrorTimers(this.state, this.#session.draft, at);
      this.publish(false);
      this.#armTick(at);
    });
  }

  #record(): void {
    const { settings, organiserId, createdAt } = this.#setup;
    const record = finishedDraft(this.#session.draft, { roomId: this.roomId, organiserId, settings, createdAt, endedAt: this.now() });
    this.finish(this.#persister, record, AFTER_DRAFT_SEAT_MS, ({ created }) => {
      this.log.info({ status: record.status, rounds: record.rounds.length, created }, 'draft recorded');
    });
  }

  /**
   * A draft not over, waiting for its captains or under way, is suspended, not ended: the next
   * start resumes it. One without a journal (JOURNAL=off) cannot come back, so it is abandoned and
   * recorded. A finished draft not yet recorded stays in the spool (and in the journal) for the
   * next start.
   */
  override async onBeforeShutdown(): Promise<void> {
    this.#stopping = true;
    if (this.#take(null, { type: 'expire' }, this.now())) this.changed();
    await this.stopGame({
      inPlay: !this.#session.over,
      suspend: () => this.#take(null, { type: 'suspend' }, this.now()),
      abandon: () => { if (this.#take(null, { type: 'abandon' }, this.now())) this.changed(); },
      persister: this.#persister,
    });
  }
}
