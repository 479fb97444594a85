/**
 * A match as an event log. Every change of a match is one plain, JSON-serialisable event, and
 * the state is the fold of the log: `applyEvent` is the only code that changes a state, for the
 * live match and for replays alike, so the position after event N (REST `replay?at=N`) is
 * exactly what the players saw. Events are facts already checked by the rules (`match.ts`);
 * folding them checks nothing.
 */
import { opposite, type BySide, type Side } from '../side.ts';
import { CENTRED_CUBE, type Cube } from './cube.ts';
import { applySteps, diceToPlay, type Step } from './plays.ts';
import { startingPosition, type Position } from './position.ts';
import type { GameKind, Termination } from './scoring.ts';

export type Phase = 'opening' | 'roll' | 'move' | 'cube' | 'between-games';
export type MatchStatus = 'waiting' | 'playing' | 'ended';
export type ResignPoints = 1 | 2 | 3;

export interface MatchOptions {
  /** 1–25 points, or 0 for a money game (one game). */
  readonly matchLength: number;
  /** Money play only: gammons count single until the cube is turned. */
  readonly jacoby: boolean;
  /** The position every game starts from, for tests and set-up play; the standard one when absent. */
  readonly start?: Position;
}

export type MatchEvent =
  /** `position` only when the game starts from a set-up position. */
  | { readonly type: 'game-start'; readonly game: number; readonly crawford: boolean; readonly position?: Position }
  /** Each side's one die; on a tie both roll again (another event). */
  | { readonly type: 'opening-roll'; readonly white: number; readonly black: number }
  | { readonly type: 'roll'; readonly side: Side; readonly dice: readonly [number, number] }
  | { readonly type: 'play'; readonly side: Side; readonly steps: readonly Step[] }
  /** The roll left no legal play: the turn passed by itself. */
  | { readonly type: 'pass'; readonly side: Side }
  | { readonly type: 'double'; readonly side: Side; readonly value: number }
  | { readonly type: 'take'; readonly side: Side; readonly value: number }
  | { readonly type: 'drop'; readonly side: Side }
  | { readonly type: 'resign'; readonly side: Side; readonly points: ResignPoints }
  | { readonly type: 'resign-accept'; readonly side: Side }
  | { readonly type: 'resign-decline'; readonly side: Side }
  | {
    readonly type: 'game-end'; readonly game: number; readonly winner: Side; readonly points: number;
    readonly kind: GameKind; readonly termination: Termination; readonly score: Readonly<BySide<number>>;
  }
  | {
    readonly type: 'match-end'; readonly winner: Side | ''; readonly termination: Termination;
    readonly score: Readonly<BySide<number>>;
  };

export interface GameResult {
  readonly game: number;
  readonly winner: Side;
  /** Points scored, after the cube and Jacoby. */
  readonly points: number;
  readonly kind: GameKind;
  readonly termination: Termination;
}

export interface Resignation { readonly by: Side; readonly points: ResignPoints }

export interface MatchState {
  readonly matchLength: number;
  readonly jacoby: boolean;
  readonly status: MatchStatus;
  readonly phase: Phase;
  /** 1 for the first game; 0 before the match starts. */
  readonly gameNumber: number;
  readonly position: Position;
  /** The player on roll ('' before the opening roll and between games). */
  readonly turn: Side | '';
  /** The last roll of this game ([] before any); in the opening, the mover's die first. */
  readonly dice: readonly number[];
  /** Dice the player on roll still has to play (phase `move` only). */
  readonly diceLeft: readonly number[];
  readonly cube: Cube;
  readonly score: Readonly<BySide<number>>;
  /** This game is the Crawford game (no cube). */
  readonly crawford: boolean;
  /** The Crawford game has been played or is being played: later games are post-Crawford. */
  readonly crawfordPlayed: boolean;
  readonly resignation: Resignation | null;
  readonly lastGame: GameResult | null;
  /** The match's winner once it has ended ('' for an aborted match). */
  readonly winner: Side | '';
  /** How the match ended ('' while it goes on). */
  readonly termination: Termination | '';
  /** Dice rolled so far in the match: the roll number `k` the dice source gets next. */
  readonly rolls: number;
}

export function initialState(options: MatchOptions): MatchState {
  return {
    // Jacoby is a money-play rule: in match play it is off whatever was asked.
    matchLength: options.matchLength, jacoby: options.jacoby && options.matchLength === 0, status: 'waiting', phase: 'opening',
    gameNumber: 0, position: startingPosition(), turn: '', dice: [], diceLeft: [], cube: CENTRED_CUBE,
    score: { white: 0, black: 0 }, crawford: false, crawfordPlayed: false, resignation: null,
    lastGame: null, winner: '', termination: '', rolls: 0,
  };
}

/** The state after one more event (a new object; `state` is left as it was). */
export function applyEvent(state: MatchState, event: MatchEvent): MatchState {
  switch (event.type) {
    case 'game-start':
      return {
        ...state, status: 'playing', phase: 'opening', gameNumber: event.game, position: event.position ?? startingPosition(),
        turn: '', dice: [], diceLeft: [], cube: CENTRED_CUBE, resignation: null, crawford: event.crawford,
        crawfordPlayed: state.crawfordPlayed || event.crawford,
      };
    case 'opening-roll': {
      const rolls = state.rolls + 1;
      if (event.white === event.black) return { ...state, rolls, dice: [event.white, event.black] };
      const mover: Side = event.white > event.black ? 'white' : 'black';
      const dice = mover === 'white' ? [event.white, event.black] : [event.black, event.white];
      return { ...state, rolls, phase: 'move', turn: mover, dice, diceLeft: dice };
    }
    case 'roll':
      return { ...state, rolls: state.rolls + 1, phase: 'move', turn: event.side, dice: [...event.dice], diceLeft: diceToPlay(event.dice) };
    case 'play':
      return { ...state, position: applySteps(state.position, event.side, event.steps), phase: 'roll', turn: opposite(event.side), diceLeft: [] };
    case 'pass':
      return { ...state, phase: 'roll', turn: opposite(event.side), diceLeft: [] };
    case 'double':
      return { ...state, phase: 'cube', cube: { ...state.cube, offeredBy: event.side } };
    case 'take':
      return { ...state, phase: 'roll', cube: { value: event.value, owner: event.side, offeredBy: '' } };
    case 'drop':
      return state;
    case 'resign':
      return { ...state, resignation: { by: event.side, points: event.points } };
    case 'resign-accept':
    case 'resign-decline':
      return { ...state, resignation: null };
    case 'game-end': {
      const { game, winner, points, kind, termination } = event;
      return {
        ...state, phase: 'between-games', turn: '', diceLeft: [], resignation: null,
        cube: { ...state.cube, offeredBy: '' }, score: { ...event.score },
        lastGame: { game, winner, points, kind, termination },
      };
    }
    case 'match-end':
      return {
        ...state, status: 'ended', phase: 'between-games', turn: '', diceLeft: [], resignation: null,
        cube: { ...state.cube, offeredBy: '' }, score: { ...event.score }, winner: event.winner, termination: event.termination,
      };
  }
}

/** The state after the first `at` events (all of them when `at` is omitted). */
export function replay(options: MatchOptions, events: readonly MatchEvent[], at = events.length): MatchState {
  let state = initialState(options);
  const end = Math.max(0, Math.min(at, events.length));
  for (let i = 0; i < end; i++) state = applyEvent(state, events[i]!);
  return state;
}
