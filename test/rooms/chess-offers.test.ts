import assert from 'node:assert/strict';
import { harness } from '../support/harness.ts';
import { attach, casualGame, ended, person, play, refused, until, storedGame as stored } from '../support/chess.ts';
import type { ChessState } from '../../schema/ChessState.ts';


describe('ChessRoom: offers', () => {
  describe('draw', () => {
    it('is offered, shown to both, and accepted as a draw by agreement', async () => {
      const game = await casualGame();
      await play(game, 'e4', 'e5');
      game.white.room.send('draw:offer');
      await until(game.black.room, (s) => s.drawOffer === 'white');
      game.black.room.send('draw:accept');
      const state = await ended(game);
      assert.deepEqual({ result: state.result, termination: state.termination }, { result: '1/2-1/2', termination: 'agreement' });
      assert.equal(state.drawOffer, '');
    });

    it('cannot be offered before both players have moved', async () => {
      const game = await casualGame();
      assert.equal((await refused(game.white, 'draw:offer')).code, 'OFFER_NOT_ALLOWED');
    });

    it('is declined, and the same player may not offer again for 20 plies', async () => {
      const game = await casualGame();
      await play(game, 'e4', 'e5');
      game.white.room.send('draw:offer');
      await until(game.black.room, (s) => s.drawOffer === 'white');
      game.black.room.send('draw:decline');
      await until(game.white.room, (s) => s.drawOffer === '');
      const again = await refused(game.white, 'draw:offer');
      assert.equal(again.code, 'OFFER_NOT_ALLOWED');
      assert.match(again.message!, /wait 20 plies/);
      await play(game, 'Nf3', 'Nc6', 'Bc4', 'Bc5', 'c3', 'Nf6', 'd3', 'd6', 'O-O', 'O-O', 'Re1', 'a6',
        'Nbd2', 'Ba7', 'h3', 'h6', 'a4', 'Re8', 'a5');
      assert.equal(game.white.room.state.ply, 21);
      assert.equal((await refused(game.white, 'draw:offer')).code, 'OFFER_NOT_ALLOWED', '19 plies later');
      await play(game, 'Be6');
      game.white.room.send('draw:offer');
      await until(game.black.room, (s) => s.drawOffer === 'white');
    });

    it('stands while the player who offered moves, and lapses when the opponent moves', async () => {
      const game = await casualGame();
      await play(game, 'e4', 'e5');
      game.white.room.send('draw:offer');
      await until(game.black.room, (s) => s.drawOffer === 'white');
      await play(game, 'Nf3');
      assert.equal(game.black.room.state.drawOffer, 'white');
      await play(game, 'Nc6');
      assert.equal(game.white.room.state.drawOffer, '');
      assert.equal((await refused(game.black, 'draw:accept')).code, 'NO_OFFER');
    });

    it('meets an opponent\'s standing offer as an agreement', async () => {
      const game = await casualGame();
      await play(game, 'd4', 'd5');
      game.black.room.send('draw:offer');
      await until(game.white.room, (s) => s.drawOffer === 'black');
      game.white.room.send('draw:offer');
      assert.equal((await ended(game)).termination, 'agreement');
    });

    it('has nothing to answer without an offer, or with one\'s own', async () => {
      const game = await casualGame();
      await play(game, 'e4', 'e5');
      assert.equal((await refused(game.black, 'draw:accept')).code, 'NO_OFFER');
      assert.equal((await refused(game.black, 'draw:decline')).code, 'NO_OFFER');
      game.white.room.send('draw:offer');
      await until(game.white.room, (s) => s.drawOffer === 'white');
      assert.equal((await refused(game.white, 'draw:accept')).code, 'NO_OFFER');
      assert.equal((await refused(game.white, 'draw:offer')).code, 'OFFER_NOT_ALLOWED');
    });
  });

  describe('takeback', () => {
    it('undoes the requester\'s last move and the reply to it (two plies) when accepted', async () => {
      const game = await casualGame();
      await play(game, 'e4', 'e5', 'Nf3', 'Nc6');
      game.white.room.send('takeback:offer');
      await until(game.black.room, (s) => s.takebackOffer === 'white');
      game.black.room.send('takeback:accept');
      const state = await until(game.white.room, (s) => s.ply === 2, 'two plies undone');
      assert.deepEqual(state.moves.toArray(), ['e4', 'e5']);
      assert.equal(state.turn, 'white');
      assert.equal(state.takebackOffer, '');
      await play(game, 'd4');
    });

    it('undoes only the requester\'s move (one ply) when the opponent has not replied', async () => {
      const game = await casualGame({ time: { initial: 60, increment: 0 } });
      await play(game, 'e4', 'e5', 'Nf3');
      harness().scheduler.advance(3000);
      game.white.room.send('takeback:offer');
      await until(game.black.room, (s) => s.takebackOffer === 'white');
      game.black.room.send('takeback:accept');
      const state = await until(game.white.room, (s) => s.ply === 2, 'one ply undone');
      assert.deepEqual(state.moves.toArray(), ['e4', 'e5']);
      assert.equal(state.turn, 'white');
      assert.equal(state.clock.running, 'white', 'the clock runs for the side to move');
      assert.equal(state.clock.black, 57_000, 'black was charged the time it spent thinking');
    });

    it('is declined and changes nothing', async () => {
      const game = await casualGame();
      await play(game, 'e4', 'e5');
      game.black.room.send('takeback:offer');
      await until(game.white.room, (s) => s.takebackOffer === 'black');
      game.white.room.send('takeback:decline');
      const state = await until(game.black.room, (s) => s.takebackOffer === '');
      assert.equal(state.ply, 2);
    });

    it('is withdrawn by a move', async () => {
      const game = await casualGame();
      await play(game, 'e4', 'e5');
      game.black.room.send('takeback:offer');
      await until(game.white.room, (s) => s.takebackOffer === 'black');
      await play(game, 'Nf3');
      assert.equal(game.black.room.state.takebackOffer, '');
      assert.equal((await refused(game.white, 'takeback:accept')).code, 'NO_OFFER');
    });

    it('is not allowed before both players have moved', async () => {
      const game = await casualGame();
      await play(game, 'e4');
      assert.equal((await refused(game.white, 'takeback:offer')).code, 'TAKEBACK_NOT_ALLOWED');
      assert.equal((await refused(game.black, 'takeback:offer')).code, 'TAKEBACK_NOT_ALLOWED');
    });
  });

  describe('abort and resign', () => {
    it('lets either player abort before both have moved; the game is stored as aborted and unrated', async () => {
      const game = await casualGame();
      await play(game, 'e4');
      game.black.room.send('abort');
      const state = await ended(game);
      assert.deepEqual({ result: state.result, termination: state.termination }, { result: '', termination: 'aborted' });
      const record = await stored(state.gameId);
      assert.equal(record.aborted, true);
      assert.equal(record.result, null);
    });

    it('refuses to abort once both have moved', async () => {
      const game = await casualGame();
      await play(game, 'e4', 'e5');
      assert.equal((await refused(game.white, 'abort')).code, 'CANNOT_ABORT');
      assert.equal(game.white.room.state.status, 'playing');
    });

    it('counts a resignation as a loss once both have moved, and not before', async () => {
      const game = await casualGame();
      assert.equal((await refused(game.white, 'resign')).code, 'CANNOT_RESIGN');
      await play(game, 'e4', 'e5');
      game.white.room.send('resign');
      const state = await ended(game);
      assert.deepEqual({ result: state.result, termination: state.termination }, { result: '0-1', termination: 'resign' });
    });
  });

  describe('rematch', () => {
    it('is offered after the end and, accepted, seats both in a new room with colours swapped and the same settings', async () => {
      const game = await casualGame({ time: { initial: 120, increment: 1 } });
      assert.equal((await refused(game.white, 'rematch:offer')).code, 'OFFER_NOT_ALLOWED', 'not during the game');
      await play(game, 'f3', 'e5', 'g4', 'Qh4#');
      await ended(game);
      game.white.room.send('rematch:offer');
      await until(game.black.room, (s) => s.rematchOffer === 'white');
      const [forWhite, forBlack] = [game.white.rematch.next(), game.black.rematch.next()];
      game.black.room.send('rematch:accept');
      const [a, b] = await Promise.all([forWhite, forBlack]);
      assert.equal(a.roomId, b.roomId);
      assert.notEqual(a.roomId, game.roomId);
      assert.deepEqual([a.color, b.color], ['black', 'white']);

      const newWhiteRoom = await game.black.client.consumeSeatReservation<ChessState>(b.reservation as never);
      const newBlackRoom = await game.white.client.consumeSeatReservation<ChessState>(a.reservation as never);
      const white = attach(game.black, 'white', newWhiteRoom);
      const black = attach(game.white, 'black', newBlackRoom);
      const state = await until(white.room, (s) => s.status === 'playing', 'the rematch to start');
      assert.equal(state.players.get('white')!.id, game.black.player.id);
      assert.equal(state.players.get('black')!.id, game.white.player.id);
      assert.equal(state.timeControl, '2+1');
      assert.equal(state.rated, false);
      white.room.send('move', { san: 'e4' });
      await until(black.room, (s) => s.ply === 1);
    });

    it('keeps the reserved seats for the two players only', async () => {
      const game = await casualGame();
      await play(game, 'f3', 'e5', 'g4', 'Qh4#');
      await ended(game);
      game.white.room.send('rematch:offer');
      await until(game.black.room, (s) => s.rematchOffer === 'white');
      const forWhite = game.white.rematch.next();
      game.black.room.send('rematch:accept');
      const { roomId } = await forWhite;
      const intruder = await person();
      await assert.rejects(intruder.client.joinById(roomId as string), /seats of this game are reserved/);
    });

    it('is declined, and cannot be accepted when not offered', async () => {
      const game = await casualGame();
      await play(game, 'f3', 'e5', 'g4', 'Qh4#');
      await ended(game);
      assert.equal((await refused(game.black, 'rematch:accept')).code, 'NO_OFFER');
      game.black.room.send('rematch:offer');
      await until(game.white.room, (s) => s.rematchOffer === 'black');
      game.white.room.send('rematch:decline');
      await until(game.black.room, (s) => s.rematchOffer === '');
      assert.equal(game.white.rematch.all.length + game.black.rematch.all.length, 0);
    });
  });
});
