/**
 * The `.mat` text of a match (the Jellyfish match format that gnubg, eXtreme Gammon and most
 * backgammon software import and export), written from the event log. Laid out as gnubg
 * writes it: optional `; [Tag "value"]` lines, ` N point match`, then per game ` Game k`, the
 * two players with their scores, and numbered lines of two columns (white on the left, black
 * on the right), one cell per turn: `31: 8/5 6/5` (the dice, then each checker move in the
 * mover's numbering, 25 = bar, 0 = off, `*` for a hit), `52:` for a roll that could not be
 * played, ` Doubles => 2`, ` Takes`, ` Drops`; the game ends with `Wins N point(s)` in the
 * winner's column. Resignations and timeouts are not cells: the game just ends with the
 * points won.
 */
import { opposite, type BySide, type Side } from '../side.ts';
import type { MatchEvent, MatchOptions } from './events.ts';
import { applySteps, type Step } from './plays.ts';
import { checkersAt, indexOf, startingPosition, type Position } from './position.ts';

export interface MatHeader {
  readonly players: Readonly<BySide<string>>;
  readonly event?: string;
  readonly site?: string;
  readonly round?: string;
  readonly date?: Date;
}

/** Width of the left column, the move number included: the right column starts here. */
const RIGHT_COLUMN = 33;
const LEFT_WINS_INDENT = 6;

/** A player's name as one word (the format separates fields with spaces and " : "). */
function matName(name: string): string {
  return name.trim().replace(/\s+/g, '_').replace(/:/g, '_') || '-';
}

function tagValue(value: string): string {
  return value.replace(/"/g, "'").replace(/[\r\n]+/g, ' ');
}

function matDate(date: Date): string {
  return date.toISOString().slice(0, 10).replace(/-/g, '.');
}

/** `8/5 6/5*` for the steps of `side`'s play from `position`, marking hits. */
function formatSteps(position: Position, side: Side, steps: readonly Step[]): string {
  let board = position;
  return steps.map(([from, to]) => {
    const hit = to !== 0 && checkersAt(board, opposite(side), indexOf(side, to)) === 1;
    board = applySteps(board, side, [[from, to]]);
    return `${from}/${to}${hit ? '*' : ''}`;
  }).join(' ');
}

function diceText(dice: readonly number[]): string {
  return `${Math.max(dice[0]!, dice[1]!)}${Math.min(dice[0]!, dice[1]!)}:`;
}

function winsText(points: number): string {
  return `Wins ${points} point${points === 1 ? '' : 's'}`;
}

/** Writes one game's cells in two columns, gnubg's layout. */
class GameWriter {
  readonly lines: string[] = [];
  #line = '';
  #open = false;
  #number = 0;

  cell(side: Side, text: string): void {
    if (side === 'white') {
      if (this.#open) this.#close();
      this.#number++;
      this.#line = `${String(this.#number).padStart(3)}) ${text.padEnd(RIGHT_COLUMN - 6)} `;
      this.#open = true;
    } else {
      if (!this.#open) {
        this.#number++;
        this.#line = `${String(this.#number).padStart(3)})`.padEnd(RIGHT_COLUMN);
      }
      this.#line += text;
      this.#close();
    }
  }

  /** The result in the winner's column, then a blank line. */
  wins(winner: Side, points: number): void {
    const text = winsText(points);
    if (winner === 'black') {
      if (this.#open) { this.#line = this.#line.padEnd(RIGHT_COLUMN) + ` ${text}`; this.#close(); }
      else this.lines.push(' '.repeat(RIGHT_COLUMN + 1) + text);
    } else {
      if (this.#open) this.#close();
      this.lines.push(' '.repeat(LEFT_WINS_INDENT) + text);
    }
    this.lines.push('');
  }

  #close(): void {
    this.lines.push(this.#line.trimEnd());
    this.#line = '';
    this.#open = false;
  }
}

/**
 * The `.mat` text of the match told by `events` (normally a finished match; an unfinished
 * game is written as far as it went).
 */
export function toMat(options: MatchOptions, events: readonly MatchEvent[], header: MatHeader): string {
  const out: string[] = [];
  const tags: Array<[string, string | undefined]> = [
    ['Site', header.site], ['Event', header.event], ['Round', header.round],
    ['EventDate', header.date ? matDate(header.date) : undefined],
  ];
  for (const [name, value] of tags) if (value !== undefined) out.push(`; [${name} "${tagValue(value)}"]`);
  if (out.length) out.push('');
  out.push(` ${options.matchLength} point match`, '');

  const names = { white: matName(header.players.white), black: matName(header.players.black) };
  let score = { white: 0, black: 0 };
  let game: GameWriter | undefined;
  let position: Position = startingPosition();
  let dice: readonly number[] = [];
  const flush = () => { if (game) out.push(...game.lines); game = undefined; };

  for (const event of events) {
    switch (event.type) {
      case 'game-start':
        flush();
        game = new GameWriter();
        position = event.position ?? startingPosition();
        out.push(` Game ${event.game}`, ` ${`${names.white} : ${score.white}`.padEnd(31)}${names.black} : ${score.black}`);
        break;
      case 'opening-roll':
        dice = [event.white, event.black];
        break;
      case 'roll':
        dice = event.dice;
        break;
      case 'play': {
        const moves = formatSteps(position, event.side, event.steps);
        game?.cell(event.side, `${diceText(dice)} ${moves}`);
        position = applySteps(position, event.side, event.steps);
        break;
      }
      case 'pass':
        game?.cell(event.side, diceText(dice));
        break;
      case 'double':
        game?.cell(event.side, ` Doubles => ${event.value}`);
        break;
      case 'take':
        game?.cell(event.side, ' Takes');
        break;
      case 'drop':
        game?.cell(event.side, ' Drops');
        break;
      case 'game-end':
        game?.wins(event.winner, event.points);
        score = { ...event.score };
        break;
      case 'match-end':
      case 'resign':
      case 'resign-accept':
      case 'resign-decline':
        break;
    }
  }
  flush();
  return `${out.join('\n')}\n`;
}
