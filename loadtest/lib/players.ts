/** Guest players for load generation: a pool of real tokens, each usable in many rooms at once. */
import { Client } from '@colyseus/sdk';

export interface LoadPlayer { token: string; id: string; client: Client }

export function httpUrl(endpoint: string): string {
  return endpoint.replace(/^ws(s?):\/\//, 'http$1://').replace(/\/$/, '');
}

export async function guests(endpoint: string, count: number): Promise<LoadPlayer[]> {
  const base = httpUrl(endpoint);
  const players: LoadPlayer[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${base}/api/auth/guest`, { method: 'POST' });
    if (response.status !== 201) throw new Error(`guest: ${response.status} ${await response.text()}`);
    const { token, player } = await response.json() as { token: string; player: { id: string } };
    const client = new Client(base);
    client.auth.token = token;
    players.push({ token, id: player.id, client });
  }
  return players;
}
