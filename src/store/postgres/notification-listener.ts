// One dedicated PostgreSQL connection per node that LISTENs for cache invalidations from other nodes.
//
// Why the health tracking: a NOTIFY sent while this connection is down is lost for good. So the listener
// reports `down` as soon as it knows (connection error/end, or a heartbeat that does not answer within
// a second), and `up` only after LISTEN is in place again. The cache owner disables caching while down
// and clears everything on every transition: whatever was missed is then read from the database.
// Detection is bounded by the heartbeat (≈1 s + timeout); reconnection retries with a capped backoff.
import pg from 'pg';
import type { PostgresConnectionSettings } from './connection-settings.js';
import { poolConfig } from './connection-settings.js';

export interface NotificationListenerEvents {
  /** A payload sent with NOTIFY on the channel (by any node, this one included). */
  onMessage(payload: string): void;
  /** LISTEN is (again) in place: notifications from now on will arrive. */
  onUp(): void;
  /** The connection is lost or unhealthy: notifications may be missed until onUp. */
  onDown(reason: string): void;
}

export interface NotificationListenerOptions {
  heartbeatIntervalMs?: number;
  heartbeatTimeoutMs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
}

export class NotificationListener {
  private client: pg.Client | undefined;
  private up = false;
  private closed = false;
  private reconnectDelayMs: number;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private readonly heartbeatIntervalMs: number;
  private readonly heartbeatTimeoutMs: number;
  private readonly reconnectMinMs: number;
  private readonly reconnectMaxMs: number;

  constructor(
    private readonly settings: PostgresConnectionSettings,
    private readonly channel: string,
    private readonly events: NotificationListenerEvents,
    options: NotificationListenerOptions = {},
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid notification channel name ${JSON.stringify(channel)}`);
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 500;
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 1000;
    this.reconnectMinMs = options.reconnectMinMs ?? 100;
    this.reconnectMaxMs = options.reconnectMaxMs ?? 2000;
    this.reconnectDelayMs = this.reconnectMinMs;
  }

  get isUp(): boolean {
    return this.up;
  }

  /** Connects in the background; resolves after the first attempt (successful or not). */
  async start(): Promise<void> {
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.heartbeatTimer);
    const client = this.client;
    this.client = undefined;
    this.up = false;
    if (client) await client.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const config = poolConfig(this.settings, 'tessera-listener');
    const client = new pg.Client({
      connectionString: config.connectionString,
      statement_timeout: this.heartbeatTimeoutMs,
      connectionTimeoutMillis: config.connectionTimeoutMillis,
      keepAlive: true,
      application_name: 'tessera-listener',
    });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === this.channel && message.payload !== undefined) this.events.onMessage(message.payload);
    });
    client.on('error', (error) => this.lost(client, `listener connection error: ${error.message}`));
    client.on('end', () => this.lost(client, 'listener connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      this.lost(client, `listener cannot connect: ${(error as Error).message}`);
      return;
    }
    if (this.closed || this.client !== client) return;
    this.reconnectDelayMs = this.reconnectMinMs;
    this.up = true;
    this.events.onUp();
    this.scheduleHeartbeat(client);
  }

  private scheduleHeartbeat(client: pg.Client): void {
    this.heartbeatTimer = setTimeout(() => void this.heartbeat(client), this.heartbeatIntervalMs);
    this.heartbeatTimer.unref();
  }

  private async heartbeat(client: pg.Client): Promise<void> {
    if (this.closed || this.client !== client) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no heartbeat answer within ${this.heartbeatTimeoutMs} ms`)), this.heartbeatTimeoutMs);
    });
    try {
      await Promise.race([client.query('SELECT 1 AS tessera_listener_heartbeat'), timeout]);
    } catch (error) {
      this.lost(client, `listener heartbeat failed: ${(error as Error).message}`);
      return;
    } finally {
      clearTimeout(timer);
    }
    this.scheduleHeartbeat(client);
  }

  private lost(client: pg.Client, reason: string): void {
    if (this.client !== client) return; // an old connection reporting late
    this.client = undefined;
    clearTimeout(this.heartbeatTimer);
    client.removeAllListeners('end');
    client.on('error', () => undefined);
    client.end().catch(() => undefined);
    if (this.closed) return;
    const wasUp = this.up;
    this.up = false;
    if (wasUp) this.events.onDown(reason);
    this.reconnectTimer = setTimeout(() => void this.connect(), this.reconnectDelayMs);
    this.reconnectTimer.unref();
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, this.reconnectMaxMs);
  }
}
