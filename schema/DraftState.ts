import { schema, t, type SchemaType } from '@colyseus/schema';

/**
 * One team of a draft. A player draft fills `members` (drafted player ids, captain not listed)
 * and `totalMmr`; a hero draft fills `picks`, `bans`, `reserveMs` (the bank, live while the team
 * is on the clock), `order` ("first" | "second") and `side` ("radiant" | "dire").
 */
export const DraftTeamState = schema({
  name: t.string().default(''),
  captainId: t.string().default(''),
  /** The captain's username once they have joined. */
  captainName: t.string().default(''),
  connected: t.boolean().default(false),
  members: t.array('string'),
  totalMmr: t.number().default(0),
  picks: t.array('string'),
  bans: t.array('string'),
  reserveMs: t.number().default(0),
  order: t.string().default(''),
  side: t.string().default(''),
}, 'DraftTeamState');
export type DraftTeamState = SchemaType<typeof DraftTeamState>;

/** One d6 roll of a shuffle tie: `round` counts from 0 (only the teams still tied roll again). */
export const TieRollState = schema({
  round: t.uint8().default(0),
  team: t.uint8().default(0),
  roll: t.uint8().default(0),
}, 'TieRollState');
export type TieRollState = SchemaType<typeof TieRollState>;

/**
 * One completed turn (`n` from 1). `choice` is a player id or a hero id; "" for a ban that timed
 * out (nothing banned). `auto`: the server chose, on a timeout.
 */
export const DraftPickState = schema({
  n: t.uint16().default(0),
  team: t.uint8().default(0),
  action: t.string().default('pick'),
  choice: t.string().default(''),
  auto: t.boolean().default(false),
  timedOut: t.boolean().default(false),
  wasTie: t.boolean().default(false),
  tieRolls: t.array(TieRollState),
}, 'DraftPickState');
export type DraftPickState = SchemaType<typeof DraftPickState>;

/** A player of a player draft's pool; `team` is the index of the team that drafted them, −1 while available. */
export const PoolPlayerState = schema({
  playerId: t.string().default(''),
  name: t.string().default(''),
  mmr: t.number().default(0),
  team: t.int8().default(-1),
}, 'PoolPlayerState');
export type PoolPlayerState = SchemaType<typeof PoolPlayerState>;

/**
 * The draft room's synced state (PROTOCOL §5). It mirrors the draft; it decides nothing.
 * `activeTeam`, `coinWinner` and `chooser` are team indexes, −1 when there is none. `graceMs`
 * is what is left of the turn (a player draft's pick timer, a hero draft's grace), refreshed by
 * the server's once-a-second tick while drafting.
 */
export const DraftState = schema({
  kind: t.string().default(''),
  style: t.string().default(''),
  status: t.string().default('waiting'),
  teams: t.array(DraftTeamState),
  step: t.uint16().default(0),
  totalSteps: t.uint16().default(0),
  activeTeam: t.int8().default(-1),
  action: t.string().default(''),
  graceMs: t.number().default(0),
  /** Left of the 3 s countdown before a paused hero draft runs again (0 when none). */
  countdownMs: t.number().default(0),
  pickSeconds: t.uint16().default(0),
  graceSeconds: t.uint16().default(0),
  reserveSeconds: t.uint16().default(0),
  coinWinner: t.int8().default(-1),
  chooser: t.int8().default(-1),
  /** What the chooser may choose from now (hero draft). */
  choices: t.array('string'),
  pool: t.array(PoolPlayerState),
  heroes: t.array('string'),
  picks: t.array(DraftPickState),
  leagueId: t.string().default(''),
  version: t.uint32().default(0),
  spectators: t.uint16().default(0),
}, 'DraftState');
export type DraftState = SchemaType<typeof DraftState>;
