// What routes share: the store, the verifier and its parts, the clock and configuration.
import type { Clock } from '../domain/clock.js';
import type { Store } from '../store/store.js';
import type { CacheInvalidation } from '../store/cache-invalidation.js';
import type { TokenVerifier } from './auth/token-verifier.js';
import type { LastUseBuffer } from './auth/last-use-buffer.js';
import type { VerificationCache } from './auth/verification-cache.js';
import type { Metrics } from './metrics.js';
import type { LogOutputStats } from './log-output.js';
import type { Principal } from './auth/principal.js';
import type { RequiredScope } from '../domain/scopes.js';

export interface ServiceContext {
  store: Store;
  clock: Clock;
  verifier: TokenVerifier;
  cache: VerificationCache;
  lastUse: LastUseBuffer;
  invalidation: CacheInvalidation;
  metrics: Metrics;
  /** Server default for tokens created without max_age_seconds (0 = never expires). */
  defaultMaxAgeSeconds: number;
  /** False while shutting down (readiness). */
  accepting: boolean;
  /** The log's stdout buffer, when the server writes one (tessera serve). */
  logOutput?: LogOutputStats;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** The scope a token needs for this route; absent = public route (no authentication). */
    scope?: RequiredScope;
  }
}

/** What each route family's plugin is registered with. */
export interface FamilyOptions {
  ctx: ServiceContext;
}
