/**
 * The matchmaker's front door. Colyseus answers `POST /matchmake/:method/:room` from its own
 * router (better-call) before express sees the request, so neither `BODY_LIMIT` nor our checks
 * applied there: it parsed a JSON body of any size. This guard is that router's `onRequest`
 * hook, which runs once a route matched and before the route reads the body (Colyseus extends
 * this router with its matchmaking routes at listen, keeping the hook). A 'request' listener
 * of our own on the http server could not do this: Colyseus's listener would run as well (an
 * emitter calls them all), and Colyseus prepends it at listen, ahead of ours. It refuses:
 *
 * - 415 a `Content-Encoding` other than identity, or a body that is not `application/json`;
 * - 413 a body over `BODY_LIMIT`: by its `Content-Length` before reading a byte, or by counting
 *   while it streams (chunked), stopping at the limit; the connection is closed after the answer;
 * - 400 a body that is not UTF-8 JSON, not an object, or not plain data (src/plain-data.ts:
 *   no `__proto__`, `constructor` or `prototype` keys, not too deep). The rooms check options
 *   too; this is defence in depth.
 *
 * Refusals have Colyseus's error shape, `{ code, error }` with `code` the status, which the SDK
 * turns into a `MatchMakeError` carrying `error` as its message and the status as its code.
 * A body that passes goes on to Colyseus as read (at most `BODY_LIMIT` bytes, never more).
 */
import { createRouter, type Server } from '@colyseus/core';
import type { Logger } from '../log.ts';
import { plainDataProblem } from '../plain-data.ts';

/** What better-call itself reads as JSON (its `getBody`). */
const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json/i;

class Refusal {
  readonly status: number;
  readonly message: string;
  constructor(status: number, message: string) {
    this.status = status;
    this.message = message;
  }
}

export interface MatchmakeGuardOptions {
  limitBytes: number;
  log: Logger;
}

/** Installs the guard on the server's router; call before `listen` (Colyseus binds it then). */
export function guardMatchmaker(server: Server, { limitBytes, log }: MatchmakeGuardOptions): void {
  const check = async (request: Request): Promise<Request | Response | undefined> => {
    if (request.method !== 'POST') return undefined;
    const req = { method: request.method, url: new URL(request.url).pathname };
    try {
      return await checkedRequest(request, limitBytes);
    } catch (error) {
      if (error instanceof Refusal) {
        log.warn({ req, status: error.status, reason: error.message }, 'matchmaking request refused');
        return refusal(error.status, error.message);
      }
      // A fault of ours: answered here, as an unanswered request would hang until the client gives up.
      log.error({ err: error, req }, 'matchmaking request guard failed');
      return refusal(500, 'internal error');
    }
  };
  server.router = createRouter({ ...server.router?.endpoints }, { onRequest: check });
}

async function checkedRequest(request: Request, limitBytes: number): Promise<Request | undefined> {
  const headers = request.headers;
  const encoding = (headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') {
    throw new Refusal(415, `the content encoding "${encoding}" is not supported; send the body uncompressed`);
  }
  const declared = Number(headers.get('content-length') ?? 0);
  if (declared > limitBytes) throw tooLarge(limitBytes);
  const streamed = headers.has('transfer-encoding');
  if (declared === 0 && !streamed) return undefined; // no body: Colyseus reads no options
  if (!JSON_TYPE.test(headers.get('content-type') ?? '')) {
    throw new Refusal(415, 'the body must be JSON (Content-Type: application/json)');
  }
  if (request.body === null) return undefined;
  const bytes = await readAtMost(request.body, limitBytes);
  let options: unknown;
  try {
    options = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new Refusal(400, 'the body is not valid JSON');
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new Refusal(400, 'the options must be a JSON object');
  }
  const problem = plainDataProblem(options, 'options');
  if (problem) throw new Refusal(400, problem);
  return new Request(request.url, { method: request.method, headers, body: bytes });
}

/** The body's bytes, or a 413 refusal as soon as more than `limitBytes` arrived. */
async function readAtMost(body: ReadableStream<Uint8Array>, limitBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limitBytes) throw tooLarge(limitBytes);
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw new Refusal(400, 'the body could not be read'); // the client went away mid-body
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function refusal(status: number, message: string): Response {
  return Response.json({ code: status, error: message }, {
    status,
    // Whatever is left of a refused body is not read: the connection ends with the answer.
    headers: { connection: 'close' },
  });
}

function tooLarge(limitBytes: number): Refusal {
  return new Refusal(413, `the body is larger than ${limitBytes} bytes`);
}
