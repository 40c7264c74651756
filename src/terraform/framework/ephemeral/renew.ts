import type { OperationContext } from '../resource/operation-context.js';

/** Extend an ephemeral resource's life (e.g. a lease) before `renewAt`; may return new private data. */
export interface RenewRequest<P, Priv> extends OperationContext<P> {
  private: Priv | undefined;
}

export interface RenewResponse<Priv> {
  private?: Priv;
  renewAt?: Date;
}
