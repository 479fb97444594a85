import { BackgammonEventSchema } from './backgammon-event.ts';
import { BackgammonMatchSchema } from './backgammon-match.ts';
import { ChessMoveSchema } from './chess-move.ts';
import { DraftRoundSchema, DraftSchema, DraftTeamSchema } from './draft.ts';
import { GameSchema } from './game.ts';
import { GameSessionSchema, JournalEntrySchema } from './game-session.ts';
import { LeagueMatchPlayerSchema, LeagueMatchSchema } from './league-match.ts';
import { LeaguePlayerStatsSchema } from './league-player-stats.ts';
import { LeagueSchema } from './league.ts';
import { NodeHeartbeatSchema } from './node-heartbeat.ts';
import { PlayerSchema } from './player.ts';
import { RatingSchema } from './rating.ts';
import { TeamMemberSchema, TeamSchema } from './team.ts';

export { BackgammonEvent } from './backgammon-event.ts';
export { BackgammonMatchRecord } from './backgammon-match.ts';
export { ChessMove } from './chess-move.ts';
export { Draft, DraftRound, DraftTeam, DRAFT_ACTIONS, DRAFT_END_STATUSES, DRAFT_KINDS, DRAFT_STYLES } from './draft.ts';
export { Game, GAME_KINDS, type GameKind } from './game.ts';
export { GameSession, JournalEntry, SESSION_KINDS, type SessionKind } from './game-session.ts';
export { League } from './league.ts';
export { LeagueMatch, LeagueMatchPlayer, MATCH_SIDES, type MatchSide } from './league-match.ts';
export { LeaguePlayerStats } from './league-player-stats.ts';
export { NodeHeartbeat } from './node-heartbeat.ts';
export { Player } from './player.ts';
export { Rating } from './rating.ts';
export { Team, TeamMember } from './team.ts';

/** Every entity the ORM knows; the migrations are generated from these. */
export const entities = [
  PlayerSchema, RatingSchema, GameSchema, ChessMoveSchema, BackgammonMatchSchema, BackgammonEventSchema,
  LeagueSchema, TeamSchema, TeamMemberSchema, LeagueMatchSchema, LeagueMatchPlayerSchema, LeaguePlayerStatsSchema,
  DraftSchema, DraftRoundSchema, DraftTeamSchema, GameSessionSchema, JournalEntrySchema,
  NodeHeartbeatSchema,
];
