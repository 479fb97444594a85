/**
 * PGN export of a finished game: the Seven Tag Roster, then TimeControl, the players' ratings,
 * Termination, SetUp/FEN for a custom start, and the movetext with `[%clk h:mm:ss]` after every
 * move of a timed game, so other chess software imports it with its clock times.
 */
import type { Result, Termination } from './outcome.ts';
import { STANDARD_FEN } from './game.ts';

export interface PgnGame {
  event: string;
  site: string;
  startedAt: Date;
  white: { username: string; rating: number | undefined };
  black: { username: string; rating: number | undefined };
  result: Result | undefined;
  termination: Termination;
  /** "180+2" or "-" (pgnTimeControl). */
  timeControl: string;
  initialFen: string;
  moves: ReadonlyArray<{ san: string; clockMs: number | null }>;
}

/** The PGN Termination tag's standard words. */
const TERMINATION_TAG: Record<Termination, string> = {
  checkmate: 'Normal', resign: 'Normal', stalemate: 'Normal', insufficient: 'Normal',
  threefold: 'Normal', fivefold: 'Normal', fifty: 'Normal', seventyfive: 'Normal', agreement: 'Normal',
  timeout: 'Time forfeit', abandoned: 'Abandoned', aborted: 'Unterminated',
};

function tag(name: string, value: string): string {
  return `[${name} "${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"]`;
}

function pgnDate(date: Date): string {
  return date.toISOString().slice(0, 10).replace(/-/g, '.');
}

export function clockComment(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `[%clk ${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}]`;
}

/** Wraps movetext at 80 columns without breaking a token or a comment. */
function wrap(tokens: string[]): string {
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    if (line.length > 0 && line.length + 1 + token.length > 80) {
      lines.push(line);
      line = token;
    } else {
      line = line.length > 0 ? `${line} ${token}` : token;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines.join('\n');
}

export function toPgn(game: PgnGame): string {
  const result = game.result ?? '*';
  const custom = game.initialFen !== STANDARD_FEN;
  const headers = [
    tag('Event', game.event),
    tag('Site', game.site),
    tag('Date', pgnDate(game.startedAt)),
    tag('Round', '-'),
    tag('White', game.white.username),
    tag('Black', game.black.username),
    tag('Result', result),
    tag('UTCDate', pgnDate(game.startedAt)),
    tag('UTCTime', game.startedAt.toISOString().slice(11, 19)),
    tag('WhiteElo', game.white.rating === undefined ? '?' : String(Math.round(game.white.rating))),
    tag('BlackElo', game.black.rating === undefined ? '?' : String(Math.round(game.black.rating))),
    tag('TimeControl', game.timeControl),
    tag('Termination', TERMINATION_TAG[game.termination]),
    ...(custom ? [tag('SetUp', '1'), tag('FEN', game.initialFen)] : []),
  ];
  // A custom start may have Black to move and any move number. Export format: Black's move
  // carries its number ("12...") when it opens the movetext or follows a comment.
  const [, turn = 'w', , , , fullmove = '1'] = game.initialFen.split(' ');
  let number = Number(fullmove);
  let blackToMove = turn === 'b';
  let afterComment = true;
  const tokens: string[] = [];
  for (const move of game.moves) {
    if (!blackToMove) tokens.push(`${number}.`);
    else if (afterComment) tokens.push(`${number}...`);
    tokens.push(move.san);
    afterComment = move.clockMs !== null;
    if (afterComment) tokens.push(`{ ${clockComment(move.clockMs!)} }`);
    if (blackToMove) number += 1;
    blackToMove = !blackToMove;
  }
  tokens.push(result);
  return `${headers.join('\n')}\n\n${wrap(tokens)}\n`;
}
