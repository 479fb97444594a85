import assert from 'node:assert/strict';
import { Chess } from 'chess.js';
import { MatchMakeError } from '@colyseus/sdk';
import { Player, Rating } from '../../src/db/entities/index.ts';
import { api, harness } from '../support/harness.ts';
import { casualGame, casualGameBetween, ended, person, play, refused, until, type ChessGameUnderTest, storedGame as stored } from '../support/chess.ts';
import type { ChessState } from '../../schema/ChessState.ts';

/** What must not move when an action is refused. */
function snapshot(game: ChessGameUnderTest) {
  const { fen, ply, turn, version, status, drawOffer, takebackOffer } = game.white.room.state;
  return { fen, ply, turn, version, status, drawOffer, takebackOffer, moves: game.white.room.state.moves.toArray() };
}


describe('ChessRoom: playing', () => {
  it('seats the creator in the colour asked for and the joiner opposite, then starts', async () => {
    const game = await casualGame({ time: { initial: 180, increment: 2 } });
    const state = game.black.room.state;
    assert.equal(state.status, 'playing');
    assert.equal(state.players.get('white')!.id, game.white.player.id);
    assert.equal(state.players.get('black')!.id, game.black.player.id);
    assert.equal(state.players.get('white')!.connected, true);
    assert.equal(state.category, 'blitz');
    assert.equal(state.timeControl, '3+2');
    assert.equal(state.rated, false);
    assert.deepEqual({ white: state.clock.white, black: state.clock.black, running: state.clock.running }, { white: 180_000, black: 180_000, running: '' });
    assert.ok(state.firstMoveBy > 0, 'white\'s first-move limit runs');
    assert.match(state.gameId, /^[0-9a-f-]{36}$/);
  });

  it('plays a game to checkmate, sending each move at once, and stores it with its moves', async () => {
    const game = await casualGame({ time: { initial: 300, increment: 0 } });
    await play(game, 'e2e4', 'e7e5', 'Bc4', 'Nc6', 'Qh5', 'Nf6');
    harness().scheduler.advance(1500);
    await play(game, 'h5f7');
    const state = await ended(game);
    assert.deepEqual({ result: state.result, termination: state.termination, lastMove: state.lastMove },
      { result: '1-0', termination: 'checkmate', lastMove: 'h5f7' });
    assert.deepEqual(state.moves.toArray(), ['e4', 'e5', 'Bc4', 'Nc6', 'Qh5', 'Nf6', 'Qxf7#']);
    assert.equal(state.clock.running, '');

    const record = await stored(state.gameId);
    assert.equal(record.kind, 'chess');
    assert.equal(record.result, '1-0');
    assert.equal(record.termination, 'checkmate');
    assert.equal(record.winner, 'white');
    assert.equal(record.rated, false);
    assert.equal(record.plies, 7);
    assert.equal(record.players.white.username, game.white.player.username);
    assert.deepEqual(record.moves.map((m: { san: string }) => m.san), state.moves.toArray());
    assert.equal(record.moves[6].uci, 'h5f7');
    assert.equal(record.moves[6].spentMs, 1500, 'the time white took for the mate');
    assert.equal(record.moves[6].clockMs, 300_000 - 1500);
    assert.equal(record.finalPosition, state.fen);
  });

  it('serves the stored game as PGN that chess software reads back', async () => {
    const game = await casualGame({ time: { initial: 60, increment: 1 } });
    await play(game, 'f3', 'e5', 'g4', 'Qh4#');
    const state = await ended(game);
    await stored(state.gameId);
    const response = await api(`/api/games/${state.gameId}/pgn`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /application\/x-chess-pgn/);
    const pgn = response.body as string;
    assert.match(pgn, /\[Result "0-1"\]/);
    assert.match(pgn, /\[TimeControl "60\+1"\]/);
    assert.match(pgn, /\[Termination "Normal"\]/);
    assert.match(pgn, new RegExp(`\\[White "${game.white.player.username}"\\]`));
    assert.equal(pgn.match(/\[%clk \d:\d\d:\d\d\]/g)?.length, 4, 'a clock after every move');
    const reader = new Chess();
    reader.loadPgn(pgn);
    assert.deepEqual(reader.history(), ['f3', 'e5', 'g4', 'Qh4#']);
  });

  it('writes "?" as the PGN Elo of a player with no rating in the category, and the rating of one who has it', async () => {
    const rated = await person('registered');
    const em = harness().app.runtime.db.orm.em.fork();
    await em.upsert(Rating, {
      player: em.getReference(Player, rated.player.id), category: 'blitz', rating: 1712.4, rd: 60, volatility: 0.06, games: 40, updatedAt: new Date(harness().scheduler.now()),
    }, { onConflictFields: ['player', 'category'] });
    const game = await casualGameBetween([rated, await person()], { time: { initial: 180, increment: 0 } });
    await until(game.white.room, (s) => s.players.get('white')!.rating === 1712 && s.players.get('black')!.rating === 1500, 'the ratings shown');
    await play(game, 'f3', 'e5', 'g4', 'Qh4#');
    const state = await ended(game);
    const record = await stored(state.gameId);
    assert.equal(record.players.white.ratingBefore, 1712);
    assert.equal(record.players.black.ratingBefore, null, 'a guest has no rating, though the room shows 1500');
    const pgn = (await api(`/api/games/${state.gameId}/pgn`)).body as string;
    assert.match(pgn, /\[WhiteElo "1712"\]\n\[BlackElo "\?"\]/);
  });

  it('writes "?" as the PGN Elo of registered players who never played a rated game in the category', async () => {
    const game = await casualGameBetween([await person('registered'), await person('registered')], { time: { initial: 600, increment: 0 } });
    await play(game, 'f3', 'e5', 'g4', 'Qh4#');
    const state = await ended(game);
    await stored(state.gameId);
    const pgn = (await api(`/api/games/${state.gameId}/pgn`)).body as string;
    assert.match(pgn, /\[WhiteElo "\?"\]\n\[BlackElo "\?"\]/);
  });

  it('ends in stalemate', async () => {
    const game = await casualGame({ fen: 'k7/8/8/2Q5/8/8/8/7K w - - 0 1' });
    await play(game, 'Qc7');
    const state = await ended(game);
    assert.deepEqual({ result: state.result, termination: state.termination }, { result: '1/2-1/2', termination: 'stalemate' });
  });

  it('ends by itself when neither side can mate', async () => {
    const game = await casualGame({ fen: '4k3/8/8/8/8/8/3n4/3BK3 w - - 0 1' });
    await play(game, 'Kxd2');
    assert.equal((await ended(game)).termination, 'insufficient');
  });

  it('ends by itself on the fifth repetition', async () => {
    const game = await casualGame();
    const cycle = ['Nf3', 'Nf6', 'Ng1', 'Ng8'];
    await play(game, ...cycle, ...cycle, ...cycle, ...cycle);
    assert.equal((await ended(game)).termination, 'fivefold');
  });

  it('ends by itself after seventy-five moves without capture or pawn move', async () => {
    const game = await casualGame({ fen: '4k3/8/8/8/8/8/8/R3K3 w - - 148 80' });
    await play(game, 'Ra2', 'Kd7');
    assert.equal((await ended(game)).termination, 'seventyfive');
  });

  it('lets the player to move claim a threefold repetition', async () => {
    const game = await casualGame();
    await play(game, 'Nf3', 'Nf6', 'Ng1', 'Ng8', 'Nf3', 'Nf6', 'Ng1');
    const early = await refused(game.black, 'claim:draw');
    assert.equal(early.code, 'CANNOT_CLAIM');
    await play(game, 'Ng8');
    const wrongPlayer = await refused(game.black, 'claim:draw');
    assert.equal(wrongPlayer.code, 'NOT_YOUR_TURN');
    game.white.room.send('claim:draw');
    const state = await ended(game);
    assert.deepEqual({ result: state.result, termination: state.termination }, { result: '1/2-1/2', termination: 'threefold' });
  });

  it('lets the player to move claim the fifty-move rule', async () => {
    const game = await casualGame({ fen: '4k3/8/8/8/8/8/8/R3K3 w - - 99 60' });
    assert.equal((await refused(game.white, 'claim:draw')).code, 'CANNOT_CLAIM');
    await play(game, 'Ra2');
    game.black.room.send('claim:draw');
    assert.equal((await ended(game)).termination, 'fifty');
  });

  describe('refusals change nothing', () => {
    it('answers an illegal move with ILLEGAL_MOVE', async () => {
      const game = await casualGame();
      const before = snapshot(game);
      const error = await refused(game.white, 'move', { uci: 'e2e5' });
      assert.deepEqual(error, { code: 'ILLEGAL_MOVE', message: 'e2e5 is not a legal move in this position', request: 'move' });
      assert.deepEqual(snapshot(game), before);
    });

    it('answers a pass and other text that is not a move with ILLEGAL_MOVE', async () => {
      const game = await casualGame();
      await play(game, 'e4', 'e5');
      const before = snapshot(game);
      for (const input of [{ san: '--' }, { san: '--+' }, { san: 'e2e4 x' }, { uci: '0000' }]) {
        const error = await refused(game.white, 'move', input);
        assert.equal(error.code, 'ILLEGAL_MOVE', JSON.stringify(input));
        assert.equal(error.request, 'move');
      }
      assert.deepEqual(snapshot(game), before);
    });

    it('answers a promotion piece on a move that promotes nothing with ILLEGAL_MOVE', async () => {
      const game = await casualGame();
      const before = snapshot(game);
      const error = await refused(game.white, 'move', { uci: 'e2e4q' });
      assert.deepEqual(error, { code: 'ILLEGAL_MOVE', message: 'e2e4q promotes nothing: only a pawn reaching the last rank promotes', request: 'move' });
      assert.deepEqual(snapshot(game), before);
    });

    it('answers a promotion that names no piece with ILLEGAL_MOVE', async () => {
      const game = await casualGame({ fen: '3r3k/4P3/8/8/8/8/8/4K3 w - - 0 1' });
      const before = snapshot(game);
      for (const input of [{ uci: 'e7e8' }, { san: 'e7e8' }, { san: 'exd8' }]) {
        const error = await refused(game.white, 'move', input);
        assert.equal(error.code, 'ILLEGAL_MOVE', JSON.stringify(input));
        assert.match(error.message ?? '', /does not name the piece the pawn promotes to/);
      }
      assert.deepEqual(snapshot(game), before);
      await play(game, 'e7e8q');
      assert.equal(game.black.room.state.moves.at(0), 'e8=Q+');
    });

    it('answers a move out of turn with NOT_YOUR_TURN', async () => {
      const game = await casualGame();
      const before = snapshot(game);
      const error = await refused(game.black, 'move', { san: 'e5' });
      assert.equal(error.code, 'NOT_YOUR_TURN');
      assert.deepEqual(snapshot(game), before);
    });

    it('answers a spectator\'s move with NOT_A_PLAYER', async () => {
      const game = await casualGame();
      const watcher = await person();
      const room = await watcher.client.joinById(game.roomId, { spectate: true });
      await until(game.white.room, (s) => s.spectators === 1);
      const before = snapshot(game);
      const errors: unknown[] = [];
      const next = new Promise((resolve) => room.onMessage('error', (e) => { errors.push(e); resolve(e); }));
      room.send('move', { uci: 'e2e4' });
      assert.deepEqual(await next, { code: 'NOT_A_PLAYER', message: 'spectators cannot act in the game', request: 'move' });
      assert.deepEqual(snapshot(game), before);
    });

    it('answers a malformed payload with INVALID_PAYLOAD and keeps the connection open', async () => {
      const game = await casualGame();
      const before = snapshot(game);
      for (const bad of [{ move: 'e4' }, { uci: 42 }, { uci: 'e2e4', san: 'e4' }, 'e2e4', [1, 2]]) {
        const error = await refused(game.white, 'move', bad);
        assert.equal(error.code, 'INVALID_PAYLOAD', JSON.stringify(bad));
        assert.equal(error.request, 'move');
      }
      assert.equal((await refused(game.white, 'claim:victory', { draw: 'yes' })).code, 'INVALID_PAYLOAD');
      assert.deepEqual(snapshot(game), before);
      await play(game, 'e4');
      assert.equal(game.black.room.state.moves.at(0), 'e4', 'the connection still works');
    });

    it('answers an unknown message with UNKNOWN_MESSAGE', async () => {
      const game = await casualGame();
      const error = await refused(game.white, 'castle:queenside', {});
      assert.deepEqual(error, { code: 'UNKNOWN_MESSAGE', message: 'this room has no message "castle:queenside"', request: 'castle:queenside' });
    });

    it('answers an action on an old version with STALE_VERSION, and accepts the current one', async () => {
      const game = await casualGame();
      const version = game.white.room.state.version;
      const error = await refused(game.white, 'move', { uci: 'e2e4', version: version - 1 });
      assert.equal(error.code, 'STALE_VERSION');
      assert.equal(game.white.room.state.ply, 0);
      game.white.room.send('move', { uci: 'e2e4', version });
      await until(game.black.room, (s) => s.ply === 1 && s.version === version + 1);
    });

    it('answers a flood with RATE_LIMITED, then serves again as time passes', async () => {
      const game = await casualGame();
      const codes: string[] = [];
      for (let i = 0; i < 25; i++) game.black.room.send('move', { san: 'e5' });
      while (codes.length < 25) codes.push((await game.black.errors.next()).code as string);
      assert.equal(codes.filter((c) => c === 'NOT_YOUR_TURN').length, 20, 'a burst of 20 is served');
      assert.equal(codes.filter((c) => c === 'RATE_LIMITED').length, 5);
      harness().scheduler.advance(1000);
      assert.equal((await refused(game.black, 'move', { san: 'e5' })).code, 'NOT_YOUR_TURN');
    });

    it('answers moves after the end with GAME_OVER', async () => {
      const game = await casualGame();
      await play(game, 'f3', 'e5', 'g4', 'Qh4#');
      await ended(game);
      assert.equal((await refused(game.white, 'move', { san: 'a3' })).code, 'GAME_OVER');
      assert.equal((await refused(game.white, 'resign')).code, 'GAME_OVER');
    });
  });

  describe('creation', () => {
    it('refuses options it does not know, and bad time controls', async () => {
      const someone = await person();
      for (const options of [{ time: { initial: 0, increment: 0 } }, { time: { initial: -5, increment: 0 } }, { colour: 'white' }]) {
        await assert.rejects(someone.client.create('chess', options), /invalid chess options|cannot both be 0/, JSON.stringify(options));
      }
    });

    it('refuses a start position no game can reach with INVALID_POSITION and the reason, and creates no room', async () => {
      const someone = await person();
      const impossible: Array<[string, RegExp]> = [
        ['garbage', /six space-delimited fields/],
        ['4k3/8/8/8/8/8/8/4RK2 w - - 0 1', /black is in check but it is white's move/],
        ['4k3/8/8/8/8/8/8/4K3 w KQkq - 0 1', /white kingside castling needs a rook on h1/],
        ['rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR b KQkq e3 0 1', /no white pawn just stepped two squares across e3/],
        ['R5k1/5ppp/8/8/8/8/8/6K1 b - - 0 1', /already checkmate/],
        ['k7/2Q5/8/8/8/8/8/7K b - - 0 1', /already stalemate/],
        ['4k3/8/8/7P/8/8/PPPPPPPP/4K3 w - - 0 1', /white has 9 pawns/],
      ];
      for (const [fen, reason] of impossible) {
        const error = await someone.client.create('chess', { fen }).then(() => undefined, (e: unknown) => e);
        assert.ok(error instanceof MatchMakeError, `${fen}: ${String(error)}`);
        assert.equal(error.code, 521);
        assert.match(error.message, /^INVALID_POSITION: /, fen);
        assert.match(error.message, reason, fen);
      }
      const rooms = await harness().colyseus.server['driver'].query({ name: 'chess' });
      assert.equal(rooms.length, 0, 'no room was created');
    });

    it('starts from a possible position with an en-passant square', async () => {
      const game = await casualGame({ fen: 'rnbqkbnr/ppp1p1pp/8/3pPp2/8/8/PPPP1PPP/RNBQKBNR w KQkq f6 0 3' });
      await play(game, 'exf6');
      assert.equal(game.black.room.state.moves.at(0), 'exf6');
    });

    it('refuses a client that asks for a rated game or for seats', async () => {
      const someone = await person('registered');
      await assert.rejects(someone.client.create('chess', { time: { initial: 60, increment: 0 }, rated: true }), /"rated" cannot be set by a client/);
      await assert.rejects(someone.client.create('chess', { seats: { white: someone.player.id, black: someone.player.id } }), /"seats" cannot be set by a client/);
      const rooms = await harness().colyseus.server['driver'].query({ name: 'chess' });
      assert.equal(rooms.length, 0, 'no room was created');
    });

    it('keeps a third player out of the seats, but lets them watch', async () => {
      const game = await casualGame();
      const third = await person();
      await assert.rejects(third.client.joinById(game.roomId), /both seats are taken/);
      const room = await third.client.joinById<ChessState>(game.roomId, { spectate: true });
      await until(game.white.room, (s) => s.spectators === 1);
      await until(room, (s) => s.players.size === 2 && s.status === 'playing', 'the spectator\'s full state');
    });
  });
});
