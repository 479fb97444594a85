/** How a chess game ended: the result, the reason, and the winner if there is one. */
import type { Side } from '../side.ts';

export type Result = '1-0' | '0-1' | '1/2-1/2';

export type Termination =
  | 'checkmate' | 'resign' | 'timeout' | 'stalemate' | 'insufficient' | 'threefold' | 'fivefold'
  | 'fifty' | 'seventyfive' | 'agreement' | 'aborted' | 'abandoned';

export interface Outcome {
  readonly result: Result;
  readonly termination: Termination;
  readonly winner: Side | undefined;
}

export function win(winner: Side, termination: Termination): Outcome {
  return { result: winner === 'white' ? '1-0' : '0-1', termination, winner };
}

export function draw(termination: Termination): Outcome {
  return { result: '1/2-1/2', termination, winner: undefined };
}

/** An aborted game has no result and is never rated. */
export function isAborted(outcome: Outcome): boolean {
  return outcome.termination === 'aborted';
}
