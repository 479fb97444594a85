/**
 * A backgammon match as a server plays it: the rules that decide whether an action is allowed,
 * and the events it produces. The state is the fold of the event log (`events.ts`), so a refused
 * action changes nothing (it is checked before any event is made) and a replay shows exactly
 * what the players saw. The dice come from an injected source; time is the table's (table.ts:
 * the clock, the pause between games and absences; it calls `timeout` when a reserve runs out).
 *
 * Dice source contract: `dice(k)` returns the k-th roll of the match (k = 0, 1, 2, ...), two
 * values 1–6, and must give the same answer for the same k. Every roll uses one k, the opening
 * too: for an opening roll the pair is read as [white's die, black's die]; on a tie the next k
 * is rolled at once (each tie is its own `opening-roll` event), and the side with the higher die
 * moves first with both values.
 *
 * Refusal codes: WRONG_PHASE, NOT_YOUR_TURN, GAME_OVER, ILLEGAL_PLAY, CANNOT_DOUBLE,
 * NO_CUBE_OFFER, CANNOT_RESIGN, NO_RESIGNATION.
 */
import { opposite, type Side } from '../side.ts';
import { Refusal } from '../refusal.ts';
import { hasCubeAccess, isCrawfordGame } from './cube.ts';
import {
  applyEvent, initialState, type MatchEvent, type MatchOptions, type MatchState, type ResignPoints,
} from './events.ts';
import { checkPlay, legalPlays, type LegalPlay } from './plays.ts';
import { CHECKERS, copyPosition, positionProblem } from './position.ts';
import { KIND_OF_POINTS, gamePoints, winKind, type GameKind, type Termination } from './scoring.ts';

export { Refusal };

/** The k-th roll of the match (see the contract above). */
export type DiceSource = (k: number) => readonly [number, number];

export const MAX_MATCH_LENGTH = 25;
/** Opening ties in a row before the dice source is declared broken. */
const MAX_OPENING_TIES = 100;

export function matchOptionsProblem(options: MatchOptions): string | undefined {
  const { matchLength } = options;
  if (!Number.isInteger(matchLength) || matchLength < 0 || matchLength > MAX_MATCH_LENGTH) {
    return `the match length must be 0 (money) to ${MAX_MATCH_LENGTH} points`;
  }
  if (options.start) return positionProblem(options.start);
  return undefined;
}

export class BackgammonMatch {
  readonly options: MatchOptions;
  readonly #dice: DiceSource;
  readonly #events: MatchEvent[] = [];
  #state: MatchState;
  #legal: { at: number; plays: LegalPlay[] } | undefined;

  constructor(options: MatchOptions, dice: DiceSource) {
    const problem = matchOptionsProblem(options);
    if (problem) throw new RangeError(problem);
    const { matchLength, jacoby, start } = options;
    this.options = start ? { matchLength, jacoby: jacoby && matchLength === 0, start } : { matchLength, jacoby: jacoby && matchLength === 0 };
    this.#dice = dice;
    this.#state = initialState(this.options);
  }

  /** A match rebuilt from its log (a server restart); the events are trusted, not re-checked. */
  static fromEvents(options: MatchOptions, dice: DiceSource, events: readonly MatchEvent[]): BackgammonMatch {
    const match = new BackgammonMatch(options, dice);
    for (const event of events) match.#emit(event);
    return match;
  }

  get state(): MatchState { return this.#state; }
  get events(): readonly MatchEvent[] { return this.#events; }
  get status() { return this.#state.status; }
  get phase() { return this.#state.phase; }
  get turn() { return this.#state.turn; }
  get position() { return this.#state.position; }
  get cube() { return this.#state.cube; }
  get score() { return this.#state.score; }

  /** The player the match waits for: the taker of a double, the answer to a resignation, else the player on roll. */
  get toAct(): Side | undefined {
    const s = this.#state;
    if (s.status !== 'playing') return undefined;
    if (s.resignation) return opposite(s.resignation.by);
    if (s.phase === 'cube' && s.cube.offeredBy) return opposite(s.cube.offeredBy);
    return s.turn || undefined;
  }

  /** The legal plays of the roll to be played (empty outside the `move` phase). */
  legalPlays(): readonly LegalPlay[] {
    const s = this.#state;
    if (s.phase !== 'move' || !s.turn) return [];
    if (this.#legal?.at !== this.#events.length) {
      this.#legal = { at: this.#events.length, plays: legalPlays(s.position, s.turn, [s.dice[0]!, s.dice[1]!]) };
    }
    return this.#legal.plays;
  }

  /** Whether `side` may double now: on roll before rolling, with cube access, not in the Crawford game. */
  canDouble(side: Side): boolean {
    const s = this.#state;
    return s.status === 'playing' && s.phase === 'roll' && s.turn === side && !s.resignation
      && !s.crawford && hasCubeAccess(s.cube, side);
  }

  /** Whether the server should roll now by itself: the opening, or a player on roll who cannot double. */
  get mustRollAutomatically(): boolean {
    const s = this.#state;
    if (s.status !== 'playing' || s.resignation) return false;
    return s.phase === 'opening' || (s.phase === 'roll' && s.turn !== '' && !this.canDouble(s.turn));
  }

  /** The first game begins with the opening roll still to come. */
  start(): MatchEvent[] {
    if (this.#state.status === 'ended') throw new Refusal('GAME_OVER', 'the match is over');
    if (this.#state.status !== 'waiting') throw new Refusal('WRONG_PHASE', 'the match has already started');
    return this.#record(() => this.#emit(this.#gameStart(1, false)));
  }

  /** After a game that did not end the match: the next game, opening roll to come. */
  startNextGame(): MatchEvent[] {
    this.#requirePlaying();
    const s = this.#state;
    if (s.phase !== 'between-games') throw new Refusal('WRONG_PHASE', 'the game is still being played');
    const crawford = isCrawfordGame(s.matchLength, s.score, s.crawfordPlayed);
    return this.#record(() => this.#emit(this.#gameStart(s.gameNumber + 1, crawford)));
  }

  #gameStart(game: number, crawford: boolean): MatchEvent {
    const start = this.options.start;
    return start ? { type: 'game-start', game, crawford, position: copyPosition(start) } : { type: 'game-start', game, crawford };
  }

  /**
   * Rolls the dice: the opening roll (either side may ask, or the server), or the roll of the
   * player on roll. A roll that leaves no legal play passes the turn by itself.
   */
  roll(side: Side): MatchEvent[] {
    this.#requirePlaying();
    const s = this.#state;
    if (s.phase === 'opening' && !s.resignation) return this.#record(() => this.#rollOpening());
    this.#requireToAct(side, 'roll');
    if (s.phase !== 'roll') throw new Refusal('WRONG_PHASE', this.#phaseMessage());
    const dice = this.#rollDice(s.rolls);
    return this.#record(() => {
      this.#emit({ type: 'roll', side, dice });
      if (this.legalPlays().length === 0) this.#emit({ type: 'pass', side });
    });
  }

  /** The whole play of the turn, as steps [from, to] in the mover's numbering, one per die. */
  move(side: Side, steps: unknown): MatchEvent[] {
    this.#requirePlaying();
    this.#requireToAct(side, 'move');
    const s = this.#state;
    if (s.phase !== 'move') throw new Refusal('WRONG_PHASE', this.#phaseMessage());
    const check = checkPlay(s.position, side, [s.dice[0]!, s.dice[1]!], steps, this.legalPlays());
    if (!check.ok) throw new Refusal('ILLEGAL_PLAY', check.reason);
    return this.#record(() => {
      this.#emit({ type: 'play', side, steps: check.play.steps });
      const position = this.#state.position;
      if (position.off[side] === CHECKERS) this.#endGame(side, winKind(position, side), 'normal');
    });
  }

  double(side: Side): MatchEvent[] {
    this.#requirePlaying();
    this.#requireToAct(side, 'double');
    const s = this.#state;
    if (s.phase !== 'roll') throw new Refusal('WRONG_PHASE', this.#phaseMessage());
    if (s.crawford) throw new Refusal('CANNOT_DOUBLE', 'there is no doubling in the Crawford game');
    if (!hasCubeAccess(s.cube, side)) throw new Refusal('CANNOT_DOUBLE', `${s.cube.owner} owns the cube`);
    return this.#record(() => this.#emit({ type: 'double', side, value: s.cube.value * 2 }));
  }

  take(side: Side): MatchEvent[] {
    this.#requireCubeAnswer(side);
    return this.#record(() => this.#emit({ type: 'take', side, value: this.#state.cube.value * 2 }));
  }

  /** Passing a double: the doubler wins the cube's value before the double. */
  drop(side: Side): MatchEvent[] {
    this.#requireCubeAnswer(side);
    return this.#record(() => {
      this.#emit({ type: 'drop', side });
      this.#endGame(opposite(side), 'single', 'drop', this.#state.cube.value);
    });
  }

  /** Offers to resign a single (1), gammon (2) or backgammon (3), times the cube. */
  resign(side: Side, points: ResignPoints): MatchEvent[] {
    this.#requirePlaying();
    const s = this.#state;
    if (s.phase === 'between-games') throw new Refusal('WRONG_PHASE', 'no game is being played');
    if (points !== 1 && points !== 2 && points !== 3) throw new Refusal('CANNOT_RESIGN', 'resign 1 (single), 2 (gammon) or 3 (backgammon)');
    if (s.resignation) throw new Refusal('CANNOT_RESIGN', `${s.resignation.by}'s resignation awaits an answer`);
    return this.#record(() => this.#emit({ type: 'resign', side, points }));
  }

  acceptResignation(side: Side): MatchEvent[] {
    const offer = this.#requireResignationAnswer(side);
    return this.#record(() => {
      this.#emit({ type: 'resign-accept', side });
      this.#endGame(side, KIND_OF_POINTS[offer.points], 'resign');
    });
  }

  declineResignation(side: Side): MatchEvent[] {
    this.#requireResignationAnswer(side);
    return this.#record(() => this.#emit({ type: 'resign-decline', side }));
  }

  /**
   * `side`'s reserve ran out (the table runs the clock): `side` loses the match. In match play
   * the winner's score is raised to the match length; in money play the game counts as a
   * backgammon times the cube (a resigned backgammon).
   */
  timeout(side: Side): MatchEvent[] {
    return this.#loseMatch(side, 'timeout');
  }

  /** `side` left the match for good: it loses as on a timeout. */
  forfeit(side: Side): MatchEvent[] {
    return this.#loseMatch(side, 'abandoned');
  }

  /** Ends the match with no winner (nothing to record or rate). */
  abort(): MatchEvent[] {
    if (this.#state.status === 'ended') throw new Refusal('GAME_OVER', 'the match is over');
    return this.#record(() => this.#emit({ type: 'match-end', winner: '', termination: 'aborted', score: this.#state.score }));
  }

  #loseMatch(side: Side, termination: Termination): MatchEvent[] {
    this.#requirePlaying();
    const s = this.#state;
    const winner = opposite(side);
    return this.#record(() => {
      if (s.phase !== 'between-games') {
        if (s.matchLength === 0) this.#endGame(winner, 'backgammon', termination, 3 * s.cube.value);
        else this.#endGame(winner, 'single', termination, Math.max(0, s.matchLength - s.score[winner]));
      } else {
        const score = { ...s.score, [winner]: Math.max(s.score[winner], s.matchLength) };
        this.#emit({ type: 'match-end', winner, termination, score });
      }
    });
  }

  /** A game is over: score it, and end the match when it is decided (money play: one game). */
  #endGame(winner: Side, kind: GameKind, termination: Termination, points = gamePoints(kind, this.#state.cube.value, this.#state)): void {
    const s = this.#state;
    const score = { ...s.score, [winner]: s.score[winner] + points };
    this.#emit({ type: 'game-end', game: s.gameNumber, winner, points, kind, termination, score });
    if (s.matchLength === 0 || score[winner] >= s.matchLength || termination === 'timeout' || termination === 'abandoned') {
      this.#emit({ type: 'match-end', winner, termination, score });
    }
  }

  #rollOpening(): void {
    for (let ties = 0; ties <= MAX_OPENING_TIES; ties++) {
      const [white, black] = this.#rollDice(this.#state.rolls);
      this.#emit({ type: 'opening-roll', white, black });
      if (white !== black) {
        if (this.legalPlays().length === 0) this.#emit({ type: 'pass', side: this.#state.turn as Side });
        return;
      }
    }
    throw new Error(`the dice source tied the opening roll ${MAX_OPENING_TIES} times`);
  }

  #rollDice(k: number): [number, number] {
    const dice = this.#dice(k);
    const ok = Array.isArray(dice) && dice.length === 2 && dice.every((d) => Number.isInteger(d) && d >= 1 && d <= 6);
    if (!ok) throw new Error(`the dice source gave ${JSON.stringify(dice)} for roll ${k}`);
    return [dice[0], dice[1]];
  }

  #emit(event: MatchEvent): void {
    this.#state = applyEvent(this.#state, event);
    this.#events.push(event);
  }

  /** Runs `emit` and returns the events it added; on a throw the match goes back to where it was. */
  #record(emit: () => void): MatchEvent[] {
    const before = this.#events.length;
    const state = this.#state;
    try {
      emit();
    } catch (error) {
      this.#events.length = before;
      this.#state = state;
      this.#legal = undefined;
      throw error;
    }
    return this.#events.slice(before);
  }

  #requirePlaying(): void {
    if (this.#state.status === 'waiting') throw new Refusal('WRONG_PHASE', 'the match has not started');
    if (this.#state.status === 'ended') throw new Refusal('GAME_OVER', 'the match is over');
  }

  #requireToAct(side: Side, action: string): void {
    const toAct = this.toAct;
    if (toAct === undefined) throw new Refusal('WRONG_PHASE', this.#phaseMessage());
    if (toAct !== side) throw new Refusal('NOT_YOUR_TURN', `you cannot ${action} now: ${this.#waitingFor(toAct)}`);
    if (this.#state.resignation) throw new Refusal('WRONG_PHASE', `answer ${this.#state.resignation.by}'s resignation first`);
  }

  #requireCubeAnswer(side: Side): void {
    this.#requirePlaying();
    const s = this.#state;
    if (s.phase !== 'cube' || !s.cube.offeredBy) throw new Refusal('NO_CUBE_OFFER', 'there is no double to answer');
    if (s.cube.offeredBy === side) throw new Refusal('NO_CUBE_OFFER', 'you offered the double; your opponent answers it');
    if (s.resignation) throw new Refusal('WRONG_PHASE', `${s.resignation.by}'s resignation awaits an answer`);
  }

  #requireResignationAnswer(side: Side): { by: Side; points: ResignPoints } {
    this.#requirePlaying();
    const offer = this.#state.resignation;
    if (!offer) throw new Refusal('NO_RESIGNATION', 'there is no resignation to answer');
    if (offer.by === side) throw new Refusal('NO_RESIGNATION', 'you offered the resignation; your opponent answers it');
    return offer;
  }

  #waitingFor(toAct: Side): string {
    const s = this.#state;
    if (s.resignation) return `${toAct} is to answer ${s.resignation.by}'s resignation`;
    if (s.phase === 'cube') return `${toAct} is to take or drop the double`;
    return this.#phaseMessage();
  }

  #phaseMessage(): string {
    const s = this.#state;
    switch (s.phase) {
      case 'opening': return 'the opening roll comes first';
      case 'roll': return `${s.turn} is to roll or double`;
      case 'move': return `${s.turn} is to play ${s.dice.join('-')}`;
      case 'cube': return `${s.cube.offeredBy}'s double awaits an answer`;
      case 'between-games': return 'the game is over; the next one has not started';
    }
  }
}
