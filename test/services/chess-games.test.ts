import assert from 'node:assert/strict';
import { ChessMove, Game, Rating } from '../../src/db/entities/index.ts';
import { recordChessGame } from '../../src/services/chess-games.ts';
import { harness } from '../support/harness.ts';
import { finishedChessGame } from '../support/chess.ts';

const orm = () => harness().app.runtime.db.orm;

const finished = finishedChessGame;

describe('recording a finished chess game', () => {
  it('stores the game, its moves and both new ratings in one go', async () => {
    const game = await finished();
    const ratings = await recordChessGame({ orm: orm(), game });
    assert.ok(ratings && ratings.white.diff > 0 && ratings.black.diff < 0);
    const em = orm().em.fork();
    assert.equal(await em.count(Game, { id: game.id }), 1);
    assert.equal(await em.count(ChessMove, { game: game.id }), 2);
    const rows = await em.find(Rating, { player: { $in: [game.players.white.id, game.players.black.id] } });
    assert.deepEqual(rows.map((r) => r.games), [1, 1]);
  });

  it('stores a game recorded twice once, and rates it once', async () => {
    const game = await finished();
    const first = await recordChessGame({ orm: orm(), game });
    const second = await recordChessGame({ orm: orm(), game });
    assert.deepEqual(second, first);
    const em = orm().em.fork();
    assert.equal(await em.count(Game, { id: game.id }), 1);
    const white = await em.findOneOrFail(Rating, { player: game.players.white.id, category: 'blitz' });
    assert.equal(white.games, 1);
    assert.equal(white.rating, first!.white.after);
  });

  it('stores a game recorded twice at the same moment once (rating rows are locked in player order)', async () => {
    const game = await finished();
    const results = await Promise.all([recordChessGame({ orm: orm(), game }), recordChessGame({ orm: orm(), game }), recordChessGame({ orm: orm(), game })]);
    assert.deepEqual(results[1], results[0]);
    assert.deepEqual(results[2], results[0]);
    const em = orm().em.fork();
    assert.equal(await em.count(Game, { id: game.id }), 1);
    const white = await em.findOneOrFail(Rating, { player: game.players.white.id, category: 'blitz' });
    assert.equal(white.games, 1);
  });

  it('rates concurrent games of the same player without losing an update', async () => {
    const first = await finished();
    const second = await finished({ players: { white: first.players.white, black: (await finished()).players.black } });
    await Promise.all([recordChessGame({ orm: orm(), game: first }), recordChessGame({ orm: orm(), game: second })]);
    const white = await orm().em.fork().findOneOrFail(Rating, { player: first.players.white.id, category: 'blitz' });
    assert.equal(white.games, 2);
  });

  it('does not rate a casual game, an aborted one, or one with fewer than two moves', async () => {
    for (const overrides of [
      { rated: false },
      { outcome: { result: '1/2-1/2', termination: 'aborted', winner: undefined } as const },
      { moves: [{ san: 'e4', uci: 'e2e4', clockMs: 180_000, spentMs: 0 }] },
    ]) {
      const game = await finished(overrides);
      assert.equal(await recordChessGame({ orm: orm(), game }), undefined, JSON.stringify(overrides));
      assert.equal(await orm().em.fork().count(Rating, { player: game.players.white.id }), 0);
      assert.equal(await orm().em.fork().count(Game, { id: game.id }), 1);
    }
  });
});
