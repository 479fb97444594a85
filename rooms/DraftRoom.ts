/**
 * DraftRoom (PROTOCOL §5): an adapter between the captains, their spectators and a draft, a
 * player draft (snake, normal, shuffle) or a Captain's Mode hero draft. Each handler checks who
 * acts, calls the draft, and publishes; the draft holds every rule. The room adds what is about
 * time and people: captains' presence (a hero draft pauses without one), the one deadline of
 * the turn, a once-a-second tick of the clocks while drafting (and none otherwise), and the
 * record of the draft, once, when it is over.
 *
 * Only an organiser creates a draft (POST /api/drafts hands the server-only `organiser`
 * option); captains join as players, anyone else is seated as a spectator.
 */
import { randomInt } from 'node:crypto';
import { CloseCode, ErrorCode, ServerError } from '@colyseus/core';
import { z } from 'zod';
import type { PlayerAuth } from '../src/auth/room-auth.ts';
import { ALL_CHOICES } from '../src/games/draft/captains-mode.ts';
import { isOver } from '../src/games/draft/events.ts';
import { HeroDraft } from '../src/games/draft/hero-draft.ts';
import { parseDraftOptions, type DraftSettings } from '../src/games/draft/options.ts';
import { PlayerDraft } from '../src/games/draft/player-draft.ts';
import { Refusal } from '../src/games/refusal.ts';
import { recordDraft, type FinishedDraft } from '../src/services/drafts.ts';
import { DraftState } from '../schema/DraftState.ts';
import { initialDraftState, listing, mirrorHeroDraft, mirrorPlayerDraft, mirrorTimers } from './draft/mirror.ts';
import { finishedDraft } from './draft/record.ts';
import { GameRoom, payload, type Participant } from './shared/game-room.ts';
import { Persister } from './shared/persister.ts';

/** The clocks in the state are refreshed this often while a turn runs (the seed's 1 s tick). */
export const TICK_MS = 1000;
/** A draft whose captains have not all arrived this long after it was created is abandoned. */
export const WAITING_LIMIT_MS = 60 * 60_000;
/** A hero draft with a captain gone this long (it stands paused meanwhile) is abandoned. */
export const ABSENT_LIMIT_MS = 10 * 60_000;
const AFTER_DRAFT_SEAT_MS = 60_000;

const id = z.string().min(1).max(64);
const playerPick = payload({ playerId: id });
const heroChoice = payload({ heroId: id });
const captainsChoice = payload({ choice: z.enum(ALL_CHOICES as [string, ...string[]]) });
const organiser = z.object({ organiser: z.string().min(1) }).passthrough();

type Draft = PlayerDraft | HeroDraft;

export class DraftRoom extends GameRoom<DraftState> {
  override state = new DraftState();
  protected seatNames: readonly string[] = [];
  protected readonly joinOptions = z.object({ spectate: z.boolean().optional() }).strict();
  #settings!: DraftSettings;
  #organiserId = '';
  #draft!: Draft;
  #createdAt = 0;
  /** Each captain's presence as last told to the draft. */
  #present: boolean[] = [];
  #persister!: Persister<FinishedDraft, { created: boolean }>;
  #recording = false;

  override onCreate(options: unknown): void {
    this.#createdAt = this.now();
    const given = organiser.safeParse(options);
    if (!given.success) throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, 'drafts are created by organisers, through POST /api/drafts');
    const { organiser: organiserId, ...raw } = given.data;
    try {
      this.#settings = parseDraftOptions(raw);
    } catch (error) {
      throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, error instanceof Refusal ? error.message : String(error));
    }
    this.#organiserId = organiserId;
    const settings = this.#settings;
    this.#draft = settings.kind === 'players'
      ? new PlayerDraft(settings, { die: () => randomInt(1, 7) })
      : new HeroDraft(settings, { coin: () => randomInt(2) as 0 | 1, randomIndex: (n) => randomInt(n) });
    this.seatNames = this.#draft.teams.map((_team, i) => String(i));
    this.#present = this.seatNames.map(() => false);
    this.setUp(this.rt.config.maxSpectators);
    // The room lives from its creation by the organiser until the draft is recorded, joined or not.
    this.autoDispose = false;
    initialDraftState(this.state, this.#draft, settings.leagueId);
    this.#persister = new Persister({
      write: (draft) => recordDraft({ orm: this.rt.db.orm, draft }),
      schedule: (at, task) => this.schedule('persist', at, task),
      now: () => this.now(),
      log: this.log,
      spool: this.rt.spool,
      kind: 'draft',
      idOf: (draft) => draft.roomId,
    });

    const draft = this.#draft;
    if (draft.kind === 'players') {
      this.action('pick', playerPick, (_c, p, { playerId }) => this.#act(() => draft.pick(this.#captain(p), playerId, this.now())));
    } else {
      this.action('pick', heroChoice, (_c, p, { heroId }) => this.#act(() => draft.pick(this.#captain(p), heroId, this.now())));
      this.action('ban', heroChoice, (_c, p, { heroId }) => this.#act(() => draft.ban(this.#captain(p), heroId, this.now())));
      this.action('choose', captainsChoice, (_c, p, { choice }) =>
        this.#act(() => draft.choose(this.#captain(p), choice as (typeof ALL_CHOICES)[number], this.now())));
    }
    this.log.info({ kind: draft.kind, teams: draft.teams.length, organiser: organiserId }, 'draft created');
    this.#changed();
  }

  #captain(participant: Participant): string {
    return participant.player.id;
  }

  /** Captains draft; anyone else who joins watches. */
  protected override admitted(player: PlayerAuth, join: { spectate?: boolean | undefined }): { spectate?: boolean | undefined } {
    return this.#draft.teamOf(player.id) !== undefined ? join : { ...join, spectate: true };
  }

  protected pickSeat(player: PlayerAuth): string {
    const team = this.#draft.teamOf(player.id);
    if (team === undefined) throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, 'only the captains draft; join with { spectate: true } to watch');
    return String(team);
  }

  protected inProgress(): boolean {
    return !isOver(this.#draft.status) && this.#draft.status !== 'waiting';
  }

  /** Tells the draft who came and went; a player draft starts once every captain is in. */
  protected seatsChanged(): void {
    const draft = this.#draft;
    const now = this.now();
    draft.teams.forEach((team, i) => {
      const holder = this.seats.get(String(i));
      const present = holder?.connected ?? false;
      const mirrored = this.state.teams[i]!;
      if (holder) mirrored.captainName = holder.player.username;
      mirrored.connected = present;
      if (present === this.#present[i] || isOver(draft.status)) return;
      this.#present[i] = present;
      if (present) draft.connect(team.captainId, now);
      else draft.disconnect(team.captainId, now);
    });
    if (draft.kind === 'players' && draft.status === 'waiting' && this.#present.every(Boolean)) draft.start(now);
    this.#changed();
  }

  /** Applies one action of a captain (a refusal changes nothing and publishes nothing). */
  #act(change: () => unknown): void {
    change();
    this.#changed();
  }

  /** Mirrors and publishes the draft, arms its deadlines, and records it once it is over. */
  #changed(): void {
    const draft = this.#draft;
    const now = this.now();
    if (draft.kind === 'players') mirrorPlayerDraft(this.state, draft, now);
    else mirrorHeroDraft(this.state, draft, now);
    this.#armDeadlines(now);
    this.publish(true);
    this.list(listing(this.state));
    if (isOver(draft.status) && !this.#recording) this.#record();
  }

  #armDeadlines(now: number): void {
    const draft = this.#draft;
    const deadline = draft.kind === 'players' ? draft.nextDeadline() : draft.nextDeadline(now);
    this.schedule('deadline', deadline, () => this.#act(() => draft.expire(this.now())));
    this.#armTick(now);
    this.schedule('abandon', this.#abandonAt(), () => this.#act(() => draft.abandon(this.now())));
  }

  /** The clocks tick once a second while a turn runs, and not at all otherwise. */
  #armTick(now: number): void {
    const running = this.#draft.status === 'drafting';
    this.schedule('tick', running ? now + TICK_MS : undefined, () => {
      const at = this.now();
      mirrorTimers(this.state, this.#draft, at);
      this.publish(false);
      this.#armTick(at);
    });
  }

  /**
   * Captains that never all arrive abandon the draft after an hour; a hero draft (which stands
   * paused without both captains) is abandoned after a captain has been gone ten minutes. A
   * player draft under way always finishes: a missing captain's turns time out into auto-picks.
   */
  #abandonAt(): number | undefined {
    const draft = this.#draft;
    if (isOver(draft.status)) return undefined;
    if (draft.status === 'waiting') return this.#createdAt + WAITING_LIMIT_MS;
    if (draft.kind === 'players') return undefined;
    const gone = this.seatNames.flatMap((seat) => {
      const holder = this.seats.get(seat);
      return holder?.connected ? [] : [holder?.absentSince ?? this.#createdAt];
    });
    return gone.length > 0 ? Math.min(...gone) + ABSENT_LIMIT_MS : undefined;
  }

  #record(): void {
    this.#recording = true;
    this.schedule('release-seats', this.now() + AFTER_DRAFT_SEAT_MS, () => this.releaseSeats());
    const record = finishedDraft(this.#draft, {
      roomId: this.roomId, organiserId: this.#organiserId, settings: this.#settings,
      createdAt: this.#createdAt, endedAt: this.now(),
    });
    this.#persister.persist(record, ({ created }) => {
      this.log.info({ status: record.status, rounds: record.rounds.length, created }, 'draft recorded');
      this.autoDispose = true;
    });
  }

  override async onBeforeShutdown(): Promise<void> {
    if (!isOver(this.#draft.status)) this.#act(() => this.#draft.abandon(this.now()));
    await this.#persister.settle();
    this.releaseSeats();
    this.disconnect(CloseCode.SERVER_SHUTDOWN);
  }
}
