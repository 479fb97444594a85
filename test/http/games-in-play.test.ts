/**
 * A player coming back to a game in play without its reconnection token (another device, a
 * cleared browser): GET /api/me/games and the lobby list it with a fresh seat reservation, and
 * consuming it takes the seat back from the old connection.
 */
import assert from 'node:assert/strict';
import type { Room } from '@colyseus/sdk';
import type { ChessState } from '../../schema/ChessState.ts';
import { CLOSE_CODES } from '../../src/transport/close-codes.ts';
import { api } from '../support/harness.ts';
import { casualGame, person, play, until } from '../support/chess.ts';
import { enterLobby } from '../support/lobby.ts';
import { sdkClient } from '../support/sdk.ts';

describe('GET /api/me/games and the lobby: games in play', () => {
  it('lists the caller\'s games in play with a seat reservation that takes the seat back', async () => {
    const game = await casualGame({ time: { initial: 300, increment: 0 } });
    await play(game, 'e4', 'e5');
    const { status, body } = await api('/api/me/games', { token: game.white.token });
    assert.equal(status, 200);
    assert.equal(body.games.length, 1);
    const [listed] = body.games;
    assert.equal(listed.roomId, game.roomId);
    assert.equal(listed.game, 'chess');
    assert.equal(listed.gameId, game.white.room.state.gameId);
    assert.ok(listed.reservation?.sessionId, JSON.stringify(listed));

    const replaced = new Promise<number>((resolve) => game.white.room.onLeave((code) => resolve(code)));
    const again: Room<any, ChessState> = await sdkClient(game.white.token).consumeSeatReservation(listed.reservation);
    assert.equal(await replaced, CLOSE_CODES.REPLACED, 'the older connection gives the seat up');
    again.send('move', { san: 'Nf3' });
    const state = await until(again, (s) => s.ply === 3, 'white\'s move from the new connection');
    assert.equal(state.moves.at(-1), 'Nf3');

    const stranger = await person();
    assert.deepEqual((await api('/api/me/games', { token: stranger.token })).body, { games: [] });
    assert.equal((await api('/api/me/games')).status, 401);
  });

  it('tells a player joining the lobby about their game in play', async () => {
    const game = await casualGame();
    await play(game, 'e4');
    const inLobby = await enterLobby(game.black);
    const message = await inLobby.inbox['in-play'].next();
    const games = message.games as Array<{ roomId: string; reservation: unknown }>;
    assert.deepEqual(games.map((g) => g.roomId), [game.roomId]);
    assert.ok(games[0]!.reservation);
  });
});
