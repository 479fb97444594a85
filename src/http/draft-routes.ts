/**
 * Drafts: an admin creates one (the `draft` room runs it), anyone reads a recorded one, and
 * replays it at any event of its journal.
 */
import { matchMaker } from '@colyseus/core';
import { Router, type Request } from 'express';
import { AppError } from '../errors.ts';
import { Refusal } from '../games/refusal.ts';
import { draftParticipants, parseDraftOptions, type DraftSettings } from '../games/draft/options.ts';
import type { Runtime } from '../runtime.ts';
import { draftReplay } from '../services/draft-replay.ts';
import { draftById, type StoredDraft } from '../services/draft-selectors.ts';
import { requireLeague, requirePlayers } from '../services/leagues.ts';
import { parseInput } from './errors.ts';
import { replayQuery } from './replay-query.ts';
import { requireAdmin } from './player-auth.ts';

/** Room ids are short and URL-safe; anything else names no draft. */
const ROOM_ID = /^[A-Za-z0-9_-]{1,32}$/;

function parseOptions(body: unknown): DraftSettings {
  try {
    return parseDraftOptions(body ?? {});
  } catch (error) {
    if (error instanceof Refusal) throw new AppError(error.code, error.message);
    throw error;
  }
}

export function draftView({ draft, rounds, teams }: StoredDraft) {
  return {
    roomId: draft.roomId,
    kind: draft.kind,
    style: draft.style ?? null,
    status: draft.status,
    leagueId: draft.league?.id ?? null,
    organiser: { id: draft.organiser.id, username: draft.organiser.username },
    settings: draft.settings,
    createdAt: draft.createdAt.toISOString(),
    startedAt: draft.startedAt?.toISOString() ?? null,
    endedAt: draft.endedAt.toISOString(),
    teams: teams.map((team) => ({
      index: team.index,
      name: team.name,
      captain: { id: team.captain.id, username: team.captain.username },
      members: team.members,
      bans: team.bans,
      totalMmr: team.totalMmr ?? null,
      side: team.side ?? null,
      order: team.pickOrder ?? null,
      leagueTeamId: team.leagueTeam?.id ?? null,
    })),
    rounds: rounds.map((round) => ({
      n: round.n,
      team: round.team,
      captainId: round.captain.id,
      action: round.action,
      choice: round.choice ?? null,
      auto: round.auto,
      timedOut: round.timedOut,
      wasTie: round.wasTie,
      tieRolls: round.tieRolls,
      at: round.at.toISOString(),
    })),
    events: draft.events,
  };
}

export function draftRoutes(rt: Runtime): Router {
  const router = Router();
  const orm = rt.db.orm;

  router.post('/api/drafts', async (req, res) => {
    const organiser = await requireAdmin(rt, req);
    const settings = parseOptions(req.body);
    const em = orm.em.fork();
    await requirePlayers(em, draftParticipants(settings));
    if (settings.leagueId !== undefined) await requireLeague(em, settings.leagueId);
    const room = await matchMaker.createRoom('draft', { ...settings, organiser: organiser.id });
    rt.log.info({ roomId: room.roomId, kind: settings.kind, by: organiser.id }, 'draft created');
    res.status(201).json({ roomId: room.roomId });
  });

  /** The recorded draft the path names by its room id, or 404. */
  async function recordedOr404(req: Request): Promise<StoredDraft> {
    const roomId = String(req.params.id);
    const found = ROOM_ID.test(roomId) ? await draftById({ orm, roomId }) : undefined;
    if (!found) throw new AppError('NOT_FOUND', `no recorded draft ${roomId}`);
    return found;
  }

  router.get('/api/drafts/:id', async (req, res) => {
    res.json(draftView(await recordedOr404(req)));
  });

  router.get('/api/drafts/:id/replay', async (req, res) => {
    const { at } = parseInput(replayQuery, req.query);
    const { roomId } = (await recordedOr404(req)).draft;
    // The journal's last actions may still be in its local log (write-behind): in the database first.
    await rt.journal?.settle();
    const replay = await draftReplay({ orm, roomId, at });
    if (replay === undefined) throw new AppError('NOT_FOUND', `draft ${roomId} has no event log (it ran without the journal)`);
    if ('outOfRange' in replay) {
      const message = `must be between 0 and ${replay.events}, the number of events of this draft`;
      throw new AppError('INVALID_PAYLOAD', `at ${message}`, { fields: [{ path: 'at', message }] });
    }
    res.json(replay);
  });

  return router;
}
