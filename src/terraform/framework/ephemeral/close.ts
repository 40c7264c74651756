import type { OperationContext } from '../resource/operation-context.js';

/** Close an ephemeral resource when terraform is done with it (e.g. revoke a short-lived token). */
export interface CloseRequest<P, Priv> extends OperationContext<P> {
  private: Priv | undefined;
}
