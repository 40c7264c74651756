// HTTP spoken by hand over node:net, for what a client library would hide or refuse to send: bodies
// that stall or trickle, a missing Host header, a declared body that is never sent whole.
import { connect, type Socket } from 'node:net';

export interface RawConnection {
  socket: Socket;
  /** Everything received so far. */
  received(): string;
  /** Resolves when the server has closed the connection, with milliseconds since it was opened. */
  closed: Promise<number>;
  /** Writes unless the connection is gone; false once it is. */
  write(data: string | Uint8Array): boolean;
  /** Resolves once `pattern` matches what was received (or rejects after timeoutMs). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  destroy(): void;
}

export async function openRaw(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ''));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const opened = Date.now();
  let text = '';
  let gone = false;
  const waiters = new Set<() => void>();
  socket.on('data', (chunk) => {
    text += chunk.toString('latin1');
    for (const waiter of waiters) waiter();
  });
  socket.on('error', () => {}); // EPIPE / ECONNRESET once the server has closed: expected here
  const closed = new Promise<number>((resolve) => {
    socket.on('close', () => {
      gone = true;
      for (const waiter of waiters) waiter();
      resolve(Date.now() - opened);
    });
  });
  return {
    socket,
    received: () => text,
    closed,
    write(data) {
      if (gone || socket.destroyed || !socket.writable) return false;
      socket.write(data);
      return true;
    },
    waitFor(pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(text)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(text);
          } else if (gone) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`connection closed before ${pattern} arrived; received ${JSON.stringify(text.slice(0, 500))}`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${pattern} did not arrive in ${timeoutMs} ms; received ${JSON.stringify(text.slice(0, 500))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    destroy: () => socket.destroy(),
  };
}

/** The status code and JSON body of the first response in `text`. */
export function parseResponse(text: string): { status: number; headers: string; body: any } {
  const end = text.indexOf('\r\n\r\n');
  const head = text.slice(0, end);
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]);
  const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
  const raw = text.slice(end + 4, end + 4 + length);
  let body: unknown = raw;
  try {
    body = JSON.parse(raw);
  } catch {
    // not JSON
  }
  return { status, headers: head, body };
}
