import assert from 'node:assert/strict';
import { Chess } from 'chess.js';
import { clockComment, toPgn } from '../../src/games/chess/pgn.ts';
import { STANDARD_FEN } from '../../src/games/chess/game.ts';

const base = {
  event: 'Rated blitz game',
  site: 'https://play.example.com/game/abc',
  startedAt: new Date('2026-11-24T10:11:12Z'),
  white: { username: 'alice', rating: 1712.4 },
  black: { username: 'bob', rating: undefined },
  termination: 'checkmate' as const,
  timeControl: '180+2',
};

describe('PGN export', () => {
  it('writes the Seven Tag Roster, ratings, time control, termination and a clock after every move', () => {
    const pgn = toPgn({
      ...base, result: '1-0', initialFen: STANDARD_FEN,
      moves: [
        { san: 'e4', clockMs: 181_000 }, { san: 'e5', clockMs: 180_500 }, { san: 'Bc4', clockMs: 179_100 },
        { san: 'Nc6', clockMs: 178_000 }, { san: 'Qh5', clockMs: 175_000 }, { san: 'Nf6', clockMs: 170_000 },
        { san: 'Qxf7#', clockMs: 172_999 },
      ],
    });
    assert.equal(pgn, [
      '[Event "Rated blitz game"]',
      '[Site "https://play.example.com/game/abc"]',
      '[Date "2026.11.24"]',
      '[Round "-"]',
      '[White "alice"]',
      '[Black "bob"]',
      '[Result "1-0"]',
      '[UTCDate "2026.11.24"]',
      '[UTCTime "10:11:12"]',
      '[WhiteElo "1712"]',
      '[BlackElo "?"]',
      '[TimeControl "180+2"]',
      '[Termination "Normal"]',
      '',
      '1. e4 { [%clk 0:03:01] } 1... e5 { [%clk 0:03:01] } 2. Bc4 { [%clk 0:03:00] }',
      '2... Nc6 { [%clk 0:02:58] } 3. Qh5 { [%clk 0:02:55] } 3... Nf6',
      '{ [%clk 0:02:50] } 4. Qxf7# { [%clk 0:02:53] } 1-0',
      '',
    ].join('\n'));
    for (const line of pgn.split('\n')) assert.ok(line.length <= 80, line);
  });

  it('is read back by other chess software (chess.js loadPgn) with the same moves and tags', () => {
    const moves = ['d4', 'd5', 'c4', 'e6', 'Nc3', 'Nf6', 'Bg5', 'Be7', 'e3', 'O-O', 'Nf3', 'h6', 'Bh4', 'b6'];
    const pgn = toPgn({ ...base, result: '1/2-1/2', termination: 'agreement', initialFen: STANDARD_FEN,
      moves: moves.map((san, i) => ({ san, clockMs: 180_000 - i * 1000 })) });
    const reader = new Chess();
    reader.loadPgn(pgn);
    assert.deepEqual(reader.history(), moves);
    assert.equal(reader.getHeaders().Result, '1/2-1/2');
    assert.equal(reader.getHeaders().TimeControl, '180+2');
  });

  it('marks a custom start position with SetUp and FEN, numbering from it', () => {
    const fen = '4k3/8/8/8/8/8/8/R3K3 b - - 10 42';
    const pgn = toPgn({ ...base, result: undefined, termination: 'aborted', initialFen: fen, timeControl: '-',
      moves: [{ san: 'Kd7', clockMs: null }, { san: 'Ra7+', clockMs: null }] });
    assert.match(pgn, /\[SetUp "1"\]\n\[FEN "4k3\/8\/8\/8\/8\/8\/8\/R3K3 b - - 10 42"\]/);
    assert.match(pgn, /\[Result "\*"\]/);
    assert.match(pgn, /\n\n42\.\.\. Kd7 43\. Ra7\+ \*\n$/);
    const reader = new Chess();
    reader.loadPgn(pgn);
    assert.deepEqual(reader.history(), ['Kd7', 'Ra7+']);
  });

  it('writes clocks as h:mm:ss, rounding up partial seconds', () => {
    assert.equal(clockComment(3_723_001), '[%clk 1:02:04]');
    assert.equal(clockComment(0), '[%clk 0:00:00]');
  });
});
