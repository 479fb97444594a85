/**
 * A draft at any event of its journal: the draft rebuilt from the settings and creation time the
 * DraftRoom journaled, and its kept events up to the N-th applied again at their times
 * (`replayDraft`, as a restart does), then read at the moment of that event: its status, the
 * step under way and whose it is, each team's picks and bans, the rounds so far, who is left to
 * draft, the clocks (a player draft's turn; a hero draft's grace, banks and resume countdown) as
 * the rules hold them then, and whether it stood paused or suspended. Drafts journaled since the
 * journal exists have one (from their creation); others answer undefined.
 */
import type { Orm } from '../db/orm.ts';
import { CAPTAINS_MODE } from '../games/draft/captains-mode.ts';
import type { CaptainsChoice, DraftAction, DraftStatus } from '../games/draft/events.ts';
import type { HeroDraft } from '../games/draft/hero-draft.ts';
import type { DraftSettings } from '../games/draft/options.ts';
import type { DraftStyle, TieRoll } from '../games/draft/order.ts';
import type { PlayerDraft, PoolPlayer } from '../games/draft/player-draft.ts';
import { DraftSession, replayDraft, type DraftSessionEvent } from '../games/draft/session.ts';
import { draftSessionId } from './draft-sessions.ts';
import { findSession } from './game-sessions.ts';
import { gameEvents } from './journal-entries.ts';

/** The part of a draft's journal setup a replay needs (the room keeps its organiser and captains too). */
interface DraftSetup { settings: DraftSettings; createdAt: number }

/** A team as it stood (the shape of `GET /api/drafts/:id`'s teams, with the captain's presence). */
export interface DraftReplayTeam {
  index: number;
  name: string;
  captainId: string;
  /** Player draft: the drafted player ids in pick order (the captain not listed); hero draft: the picked hero ids. */
  members: string[];
  /** Hero draft: the banned hero ids; player draft: []. */
  bans: string[];
  /** Player draft: the captain's MMR plus every drafted player's; hero draft: null. */
  totalMmr: number | null;
  /** Hero draft, once the captains have chosen: the side and pick order; else null. */
  side: 'radiant' | 'dire' | null;
  order: 'first' | 'second' | null;
  /** Whether the captain was connected, as the draft was last told. */
  connected: boolean;
}

/** A turn taken (the shape of `GET /api/drafts/:id`'s rounds). */
export interface DraftReplayRound {
  n: number;
  team: number;
  captainId: string;
  action: DraftAction;
  /** The player or hero; null for a hero ban that timed out (nothing banned). */
  choice: string | null;
  auto: boolean;
  timedOut: boolean;
  wasTie: boolean;
  tieRolls: TieRoll[][];
  at: string;
}

interface DraftReplayBase {
  /** How many events were replayed; `events`: how many the journal has. */
  at: number;
  events: number;
  /** The `at`-th event as kept (an action of the session, its seed when chance was drawn), by `seat` (a team index; null: the server), at `time`. */
  event: (DraftSessionEvent & { seat: number | null; time: string }) | null;
  /** The moment the draft is read at: that event's time, or the draft's creation before any. */
  time: string;
  status: DraftStatus;
  /** 0-based index of the step under way (= steps taken); `totalSteps` once the draft is complete. */
  step: number;
  totalSteps: number;
  /** The team on turn and what it does, while a turn runs or stands paused; else null. */
  activeTeam: number | null;
  action: DraftAction | null;
  /** The team whose captain the draft waits for: the one on turn, or a hero draft's chooser. */
  captainToAct: number | null;
  /** A hero draft paused while a captain is gone. */
  paused: boolean;
  /** Standing still across a restart of its server. */
  suspended: boolean;
  /** The next moment the draft would change by itself (a timeout, an abandonment, a suspension's end), or null. */
  nextDeadline: string | null;
  teams: DraftReplayTeam[];
  rounds: DraftReplayRound[];
}

export interface PlayerDraftReplay extends DraftReplayBase {
  kind: 'players';
  style: DraftStyle;
  /** Players still undrafted, in the organiser's order. */
  available: PoolPlayer[];
  /** What is left of the turn under way (0 when none runs); it stands still while suspended. */
  clock: { pickSeconds: number; turnMsLeft: number };
}

export interface HeroDraftReplay extends DraftReplayBase {
  kind: 'heroes';
  /** The coin flip's winner, once flipped. */
  coinWinner: number | null;
  /** The team choosing a pick order or a side, and what it may choose from, while the captains choose. */
  chooser: number | null;
  choices: CaptainsChoice[];
  /** Heroes neither picked nor banned, in pool order. */
  available: string[];
  /** The turn's grace left, each team's bank (the team on turn's counting down once its grace is spent), the resume countdown left. */
  clock: { graceMs: number; reserveMs: [number, number]; countdownMs: number };
}

export type DraftReplay = PlayerDraftReplay | HeroDraftReplay;

/** `at` is beyond the events of the draft's journal (it has `events`). */
export interface BeyondEvents { outOfRange: true; events: number }

/** A replay without what the journal tells (the events and the moment): the draft as read. */
type DraftAsRead<T> = T extends DraftReplay ? Omit<T, 'at' | 'events' | 'event' | 'time'> : never;

const iso = (ms: number): string => new Date(ms).toISOString();

function playerTeams(draft: PlayerDraft, present: readonly boolean[]): DraftReplayTeam[] {
  return draft.teams.map((team, index) => ({
    index, name: team.name, captainId: team.captainId, members: [...team.members], bans: [],
    totalMmr: team.totalMmr, side: null, order: null, connected: present[index] ?? false,
  }));
}

function heroTeams(draft: HeroDraft, present: readonly boolean[]): DraftReplayTeam[] {
  return draft.teams.map((team, index) => ({
    index, name: team.name, captainId: team.captainId, members: [...team.picks], bans: [...team.bans],
    totalMmr: null, side: team.side ?? null, order: team.order ?? null, connected: present[index] ?? false,
  }));
}

function playerRounds(draft: PlayerDraft): DraftReplayRound[] {
  return draft.picks.map((pick) => ({
    n: pick.n, team: pick.team, captainId: pick.captainId, action: 'pick', choice: pick.choice,
    auto: pick.auto, timedOut: pick.auto, wasTie: pick.wasTie, tieRolls: pick.tieRolls, at: iso(pick.at),
  }));
}

function heroRounds(draft: HeroDraft): DraftReplayRound[] {
  return draft.history.map((step) => ({
    n: step.n, team: step.team, captainId: draft.teams[step.team].captainId, action: step.action, choice: step.choice,
    auto: step.auto, timedOut: step.timedOut, wasTie: false, tieRolls: [], at: iso(step.at),
  }));
}

/** The draft of a session, read at `now`: what both kinds share, then each kind's own. */
function readDraft(session: DraftSession, now: number): DraftAsRead<DraftReplay> {
  const draft = session.draft;
  const deadline = session.nextDeadline(now);
  const common = {
    status: draft.status,
    step: draft.step,
    captainToAct: draft.captainToAct ?? null,
    paused: draft.status === 'paused',
    suspended: session.suspended,
    nextDeadline: deadline === undefined ? null : iso(deadline),
  };
  if (draft.kind === 'players') {
    return {
      kind: 'players',
      ...common,
      style: draft.style,
      totalSteps: draft.totalPicks,
      activeTeam: draft.status === 'drafting' ? draft.activeTeam ?? null : null,
      action: draft.status === 'drafting' && draft.turn ? 'pick' : null,
      teams: playerTeams(draft, session.present),
      rounds: playerRounds(draft),
      available: draft.available().map((player) => ({ ...player })),
      clock: { pickSeconds: draft.pickSeconds, turnMsLeft: draft.turnMsLeft(now) },
    };
  }
  const tick = draft.tick(now);
  return {
    kind: 'heroes',
    ...common,
    totalSteps: CAPTAINS_MODE.length,
    activeTeam: tick.activeTeam ?? null,
    action: tick.action ?? null,
    coinWinner: draft.coinWinner ?? null,
    chooser: draft.chooser ?? null,
    choices: [...draft.openChoices],
    teams: heroTeams(draft, session.present),
    rounds: heroRounds(draft),
    available: draft.available(),
    clock: { graceMs: tick.graceMs, reserveMs: tick.reserveMs, countdownMs: tick.countdownMs },
  };
}

/**
 * The draft run in room `roomId` after its event `at` (all of them when undefined); undefined
 * when it has no journal; `outOfRange` when `at` is beyond its events.
 */
export async function draftReplay({ orm, roomId, at }: { orm: Orm; roomId: string; at: number | undefined }): Promise<DraftReplay | BeyondEvents | undefined> {
  const sessionId = await draftSessionId({ orm, roomId });
  const session = sessionId === undefined ? undefined : await findSession({ orm, id: sessionId });
  if (!session || session.kind !== 'draft') return undefined;
  const { settings, createdAt } = session.setup as DraftSetup;
  const events = gameEvents<DraftSessionEvent>(session.entries);
  const upTo = at ?? events.length;
  if (upTo > events.length) return { outOfRange: true, events: events.length };
  const draft = new DraftSession(settings, createdAt);
  for (const { seat, event, at: time } of events.slice(0, upTo)) replayDraft(draft, seat === null ? null : Number(seat), event, time);
  const last = upTo > 0 ? events[upTo - 1]! : undefined;
  const now = last?.at ?? createdAt;
  return {
    at: upTo,
    events: events.length,
    event: last ? { ...last.event, seat: last.seat === null ? null : Number(last.seat), time: iso(last.at) } : null,
    time: iso(now),
    ...readDraft(draft, now),
  };
}
