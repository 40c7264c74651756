// Listening on the plugin's unix socket without loading Node's cluster support.
//
// net.Server#listen starts with a check for being a cluster worker, and that check loads node:cluster
// on first use, with child_process, dgram and ten more built-in modules: about 1 ms before each
// handshake line (Node 20, 2-core machine; the listen itself is about 0.8 ms), in a process that is
// never a cluster worker. Server#_listen2 is the step after that check: Node keeps it as a "legacy
// alias" of setupListenHandle (20, 22 and 24 alike: address, port, address type, backlog; port and
// type -1 mean a pipe path). When a Node lacks it, listen() does the same job, only slower.
import type { Server } from 'node:net';

interface LegacyListen {
  _listen2?: (address: string, port: number, addressType: number, backlog: number) => void;
  _pipeName?: string;
}

/** Listens on `path` (a unix socket); resolves once listening, rejects with the listen error. */
export function listenOnUnixSocket(server: Server, path: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    const legacy = server as Server & LegacyListen;
    if (typeof legacy._listen2 === 'function') {
      legacy._pipeName = path; // what listen() records, so server.address() names the path
      legacy._listen2(path, -1, -1, 511);
    } else {
      server.listen(path);
    }
  });
}
