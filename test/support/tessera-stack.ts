// One started Tessera for a describe block of e2e tests, with what those tests use around it:
//
//   const stack = useTesseraStack({ proxy: true });      // registers the block's before/after hooks
//   test('…', async () => {
//     const tf = await stack.workspace({ beta: true });  // AIVEN_WEB_URL = the proxy (or Tessera), admin token
//     await stack.client.getOrganization(id);            // the typed client, admin token, straight to Tessera
//     stack.proxy.requests;                              // what went through the proxy
//   });
//
// Workspaces, the proxy and Tessera are cleaned up and stopped after the block.
import { after, before } from 'node:test';
import { AivenClient } from '../../src/client/index.js';
import { startLoopbackProxy, type LoopbackProxy } from './loopback-proxy.js';
import { startTessera, type RunningTessera } from './tessera.js';
import { createTerraformWorkspace, type TerraformWorkspace, type WorkspaceOptions } from './terraform.js';

export interface TesseraStack {
  readonly tessera: RunningTessera;
  /** The typed client with the admin token, talking to Tessera directly. */
  readonly client: AivenClient;
  /** The loopback proxy in front of Tessera (only when the stack was asked for one). */
  readonly proxy: LoopbackProxy;
  /**
   * A terraform workspace whose provider talks to the proxy, or to Tessera without one, with the admin
   * token unless `token` is given (`token: undefined` for none).
   */
  workspace(opts?: Omit<WorkspaceOptions, 'apiUrl'>): Promise<TerraformWorkspace>;
}

export interface TesseraStackOptions {
  tessera?: Parameters<typeof startTessera>[0];
  /** Put a loopback proxy in front (answering HTTPS with `{ tls }`; a function is called when it starts). */
  proxy?: boolean | ProxyOptions | (() => ProxyOptions);
}

type ProxyOptions = NonNullable<Parameters<typeof startLoopbackProxy>[1]>;

export function useTesseraStack(opts: TesseraStackOptions = {}): TesseraStack {
  let tessera: RunningTessera | undefined;
  let client: AivenClient | undefined;
  let proxy: LoopbackProxy | undefined;
  const workspaces: TerraformWorkspace[] = [];
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the stack's ${what} is not there (before its before hook, or not asked for)`);
    return value;
  };

  before(async () => {
    tessera = await startTessera(opts.tessera);
    client = new AivenClient({ baseUrl: tessera.url, token: tessera.adminToken });
    if (opts.proxy) {
      const proxyOptions = opts.proxy === true ? {} : typeof opts.proxy === 'function' ? opts.proxy() : opts.proxy;
      proxy = await startLoopbackProxy(tessera.url, proxyOptions);
    }
  });
  after(async () => {
    for (const ws of workspaces) await ws.cleanup();
    await proxy?.close();
    await tessera?.stop();
  });

  return {
    get tessera() {
      return started(tessera, 'Tessera');
    },
    get client() {
      return started(client, 'client');
    },
    get proxy() {
      return started(proxy, 'proxy');
    },
    async workspace(workspaceOpts = {}) {
      const server = started(tessera, 'Tessera');
      const token = 'token' in workspaceOpts ? workspaceOpts.token : server.adminToken;
      const ws = await createTerraformWorkspace({ ...workspaceOpts, apiUrl: proxy?.url ?? server.url, token });
      workspaces.push(ws);
      return ws;
    },
  };
}
