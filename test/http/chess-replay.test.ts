/** GET /api/games/:id/replay for chess: the game at any event of its journal, as it was then. */
import assert from 'node:assert/strict';
import { api, harness } from '../support/harness.ts';
import { casualGame, ended, play, storedGame } from '../support/chess.ts';

describe('GET /api/games/:id/replay (chess)', () => {
  it('replays a finished game at any event: position, moves, clocks, result', async () => {
    const game = await casualGame({ time: { initial: 60, increment: 1 } });
    await play(game, 'e4', 'e5');
    harness().scheduler.advance(3000);
    await play(game, 'Bc4');
    await play(game, 'Nc6', 'Qh5', 'Nf6', 'Qxf7#');
    await ended(game);
    const gameId = game.white.room.state.gameId;
    await storedGame(gameId);

    const all = (await api(`/api/games/${gameId}/replay`)).body;
    assert.deepEqual(all.moves, ['e4', 'e5', 'Bc4', 'Nc6', 'Qh5', 'Nf6', 'Qxf7#']);
    assert.deepEqual([all.status, all.result, all.termination], ['ended', '1-0', 'checkmate']);
    assert.equal(all.at, all.events);

    const start = (await api(`/api/games/${gameId}/replay?at=1`)).body;
    assert.deepEqual([start.ply, start.status, start.event.type, start.event.seat], [0, 'playing', 'start', null]);
    const afterBc4 = (await api(`/api/games/${gameId}/replay?at=4`)).body;
    assert.deepEqual([afterBc4.ply, afterBc4.lastMove, afterBc4.event.type, afterBc4.event.uci, afterBc4.event.seat], [3, 'f1c4', 'move', 'f1c4', 'white']);
    assert.equal(afterBc4.clock.white, 60_000 - 3000 + 1000, 'the clock as it was after that move');
    assert.equal(afterBc4.clock.running, 'black');
    assert.equal((await api(`/api/games/${gameId}/replay?at=0`)).body.fen, 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1');

    for (const query of [`at=${all.events + 1}`, 'at=-1', 'at=two', 'at=1&at=2', 'at[]=1', '__proto__[at]=1', 'constructor=1']) {
      const refused = await api(`/api/games/${gameId}/replay?${query}`);
      assert.equal(refused.status, 400, query);
      assert.equal(refused.body.error.code, 'INVALID_PAYLOAD', query);
    }
  });
});
