/**
 * The material rules of a Position (position.ts), counted from its piece lists without allocating:
 * - `isInsufficientMaterial`: the automatic draw as game.ts rules it today through chess.js 1.4:
 *   king against king, king and one bishop or one knight against a king, or kings and any number
 *   of bishops all on squares of one colour;
 * - `hasMatingMaterial`: whether a side could still mate, for the flag rule, as material.ts says.
 */
import { BISHOP, KING, KNIGHT, PAWN, QUEEN, type Position } from './position.ts';

export function isInsufficientMaterial(position: Position): boolean {
  let pieces = 0;
  let knights = 0;
  let lightBishops = 0;
  let darkBishops = 0;
  for (let side = 0; side < 2; side++) {
    for (let i = side << 4; i < (side << 4) + position.count[side]; i++) {
      const square = position.squares[i];
      const type = position.board[square] & 7;
      pieces++;
      if (type === KNIGHT) knights++;
      else if (type === BISHOP) {
        if (((square >> 4) + (square & 7)) % 2 === 1) lightBishops++;
        else darkBishops++;
      }
    }
  }
  const bishops = lightBishops + darkBishops;
  if (pieces === 2) return true;
  if (pieces === 3 && (bishops === 1 || knights === 1)) return true;
  return pieces === bishops + 2 && (lightBishops === 0 || darkBishops === 0);
}

/** Whether `side` (WHITE or BLACK) could still mate: material.ts's rule, counted. */
export function hasMatingMaterial(position: Position, side: number): boolean {
  let own = 0;
  let ownKnights = 0;
  let ownBishops = 0;
  let theirs = 0;
  let theirQueens = 0;
  let theirKnightsOrPawns = 0;
  let lightBishops = 0;
  let darkBishops = 0;
  for (let colour = 0; colour < 2; colour++) {
    for (let i = colour << 4; i < (colour << 4) + position.count[colour]; i++) {
      const square = position.squares[i];
      const type = position.board[square] & 7;
      if (type === KING) continue;
      if (type === BISHOP) {
        if (((square >> 4) + (square & 7)) % 2 === 1) lightBishops++;
        else darkBishops++;
      }
      if (colour === side) {
        own++;
        if (type === KNIGHT) ownKnights++;
        if (type === BISHOP) ownBishops++;
      } else {
        theirs++;
        if (type === QUEEN) theirQueens++;
        if (type === KNIGHT || type === PAWN) theirKnightsOrPawns++;
      }
    }
  }
  if (own === 0) return false;
  if (ownKnights === own) return own > 1 || theirs > theirQueens;
  if (ownBishops === own) return (lightBishops > 0 && darkBishops > 0) || theirKnightsOrPawns > 0;
  return true;
}
