/**
 * A player that plays its colour's moves in a chess room at a set pace, from the precomputed
 * line (both players of a game follow the same line, so every move is legal). Resigns at the
 * end of the line; resolves when the game is over.
 */
import type { Room } from '@colyseus/sdk';

export function autoplay(room: Room<any, any>, color: 'white' | 'black', line: readonly string[], paceMs: number): Promise<void> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const check = () => {
      const state = room.state;
      if (!state || state.status === 'waiting') return;
      if (state.status === 'ended') {
        clearTimeout(timer);
        room.onStateChange.remove(check);
        resolve();
        return;
      }
      if (state.turn !== color || timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        const ply = room.state.ply as number;
        if (ply >= line.length) room.send('resign');
        else room.send('move', { uci: line[ply] });
      }, paceMs * (0.75 + Math.random() * 0.5));
    };
    room.onStateChange(check);
    room.onLeave(() => { clearTimeout(timer); resolve(); });
    check();
  });
}
