/**
 * Recorded games (JSON, PGN for chess, replay and `.mat` for backgammon) and the games being
 * played now.
 */
import { matchMaker } from '@colyseus/core';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { GAME_KINDS, type ChessMove, type Game } from '../db/entities/index.ts';
import { AppError } from '../errors.ts';
import { toPgn } from '../games/chess/pgn.ts';
import type { Result, Termination } from '../games/chess/outcome.ts';
import type { Runtime } from '../runtime.ts';
import {
  backgammonView, findBackgammonMatch, loadDetails, matText, replayView, type StoredBackgammonMatch,
} from '../services/backgammon-selectors.ts';
import { chessReplay } from '../services/chess-replay.ts';
import { findGame } from '../services/game-selectors.ts';
import { parseInput } from './errors.ts';
import { replayQuery } from './replay-query.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Stored = number | null | undefined;

function diff(before: Stored, after: Stored): number | null {
  return before == null || after == null ? null : Math.round(after) - Math.round(before);
}

/** The fields every recorded game has, whatever its kind (the player's game list shows these). */
export function gameSummary(game: Game) {
  const side = (player: Game['white'], before: Stored, after: Stored) => ({
    id: player.id, username: player.username,
    ratingBefore: before == null ? null : Math.round(before),
    ratingAfter: after == null ? null : Math.round(after),
    ratingDiff: diff(before, after),
  });
  return {
    id: game.id, kind: game.kind, roomId: game.roomId, rated: game.rated, category: game.category,
    timeControl: game.timeControl, result: game.result, termination: game.termination, winner: game.winner,
    aborted: game.aborted, plies: game.plies,
    startedAt: game.startedAt.toISOString(), endedAt: game.endedAt.toISOString(),
    initialPosition: game.initialPosition, finalPosition: game.finalPosition,
    players: {
      white: side(game.white, game.whiteRatingBefore, game.whiteRatingAfter),
      black: side(game.black, game.blackRatingBefore, game.blackRatingAfter),
    },
  };
}

/** A chess game: the summary and its moves. */
export function gameView(game: Game, moves: ChessMove[]) {
  return {
    ...gameSummary(game),
    moves: moves.map(({ ply, san, uci, clockMs, spentMs }) => ({ ply, san, uci, clockMs: clockMs ?? null, spentMs })),
  };
}

/** A backgammon match: the summary, its rules, score, dice and event log. */
export function backgammonGameView(stored: StoredBackgammonMatch) {
  return { ...gameSummary(stored.game), backgammon: backgammonView(stored) };
}

async function gameOr404(rt: Runtime, req: Request) {
  const id = String(req.params.id);
  const found = UUID.test(id) ? await findGame({ orm: rt.db.orm, id }) : undefined;
  if (!found) throw new AppError('NOT_FOUND', `no game ${id}`);
  return found;
}

async function backgammonOr404(rt: Runtime, req: Request, what: string) {
  const id = String(req.params.id);
  const found = UUID.test(id) ? await findBackgammonMatch({ orm: rt.db.orm, id }) : undefined;
  if (!found) throw new AppError('NOT_FOUND', `no backgammon match ${id}: ${what} exists for backgammon matches only`);
  return found;
}

function siteOf(req: Request, id: string): string {
  return `${req.protocol}://${req.get('host')}/api/games/${id}`;
}

const liveQuery = z.object({ game: z.enum(GAME_KINDS).optional() }).strict();

export function gameRoutes(rt: Runtime): Router {
  const router = Router();

  router.get('/api/games/:id', async (req, res) => {
    const { game, moves } = await gameOr404(rt, req);
    if (game.kind === 'backgammon') {
      const stored = await loadDetails({ orm: rt.db.orm, game });
      if (!stored) throw new AppError('NOT_FOUND', `no game ${game.id}`);
      res.json(backgammonGameView(stored));
      return;
    }
    res.json(gameView(game, moves));
  });

  router.get('/api/games/:id/replay', async (req, res) => {
    const { at } = parseInput(replayQuery, req.query);
    const { game } = await gameOr404(rt, req);
    // The journal's last actions may still be in its local log (write-behind): in the database first.
    await rt.journal?.settle();
    if (game.kind === 'chess') {
      const replay = await chessReplay({ orm: rt.db.orm, gameId: game.id, at });
      if (replay === undefined) throw new AppError('NOT_FOUND', `game ${game.id} has no event log (it was played without the journal)`);
      if (replay === 'out-of-range') throw new AppError('INVALID_PAYLOAD', 'at is beyond the events of this game', { fields: [{ path: 'at', message: 'must be at most the number of events of this game' }] });
      res.json(replay);
      return;
    }
    const stored = await backgammonOr404(rt, req, 'a replay');
    const count = stored.events.length;
    if (at !== undefined && at > count) {
      const message = `must be between 0 and ${count}, the number of events of this match`;
      throw new AppError('INVALID_PAYLOAD', `at ${message}`, { fields: [{ path: 'at', message }] });
    }
    res.json(replayView(stored, at ?? count));
  });

  router.get('/api/games/:id/mat', async (req, res) => {
    const stored = await backgammonOr404(rt, req, 'a .mat file');
    res.type('text/plain; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="${stored.game.id}.mat"`);
    res.send(matText(stored, { site: siteOf(req, stored.game.id) }));
  });

  router.get('/api/games/:id/pgn', async (req, res) => {
    const { game, moves } = await gameOr404(rt, req);
    if (game.kind !== 'chess') throw new AppError('NOT_FOUND', 'PGN exists for chess games only');
    const pgn = toPgn({
      event: `${game.rated ? 'Rated' : 'Casual'} ${game.category} game`,
      site: siteOf(req, game.id),
      startedAt: game.startedAt,
      white: { username: game.white.username, rating: game.whiteRatingBefore ?? undefined },
      black: { username: game.black.username, rating: game.blackRatingBefore ?? undefined },
      result: (game.result ?? undefined) as Result | undefined,
      termination: game.termination as Termination,
      timeControl: game.timeControl,
      initialFen: game.initialPosition,
      moves: moves.map(({ san, clockMs }) => ({ san, clockMs: clockMs ?? null })),
    });
    res.type('application/x-chess-pgn').setHeader('Content-Disposition', `inline; filename="${game.id}.pgn"`);
    res.send(pgn);
  });

  router.get('/api/live', async (req, res) => {
    const { game } = parseInput(liveQuery, req.query);
    const rooms = await matchMaker.query(game ? { name: game } : {});
    const live = rooms
      .filter((room) => GAME_KINDS.includes(room.name as never) && room.metadata?.status === 'playing' && !room.private)
      .sort((a, b) => (b.metadata?.rating ?? 0) - (a.metadata?.rating ?? 0))
      .slice(0, 100)
      .map((room) => ({ roomId: room.roomId, ...room.metadata }));
    res.json({ games: live });
  });

  return router;
}
