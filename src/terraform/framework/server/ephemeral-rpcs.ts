/**
 * The ephemeral-resource RPCs: ValidateEphemeralResourceConfig, OpenEphemeralResource,
 * RenewEphemeralResource and CloseEphemeralResource. What the resource keeps between open and close
 * travels through terraform as `private` bytes (JSON here), never in state.
 */
import type * as tf from '../../protocol/types.js';
import { Diagnostics } from '../diagnostics.js';
import type { EphemeralResource } from '../ephemeral/ephemeral-resource.js';
import { timeoutFor } from '../timeouts/timeouts-block.js';
import { verbRequest, type CallScope } from './call-scope.js';
import { completeObject } from './value-conformance.js';

export class EphemeralRpcs {
  constructor(
    private readonly scope: CallScope,
    private readonly ephemerals: Map<string, EphemeralResource>,
  ) {}

  async validateEphemeralResourceConfig(
    req: tf.ValidateEphemeralResourceConfigRequest,
  ): Promise<tf.ValidateEphemeralResourceConfigResponse> {
    return { diagnostics: await this.scope.validateConfigOf(this.ephemerals, 'ephemeral resource', req.typeName, req.config) };
  }

  async openEphemeralResource(req: tf.OpenEphemeralResourceRequest): Promise<tf.OpenEphemeralResourceResponse> {
    const { scope } = this;
    const diagnostics = new Diagnostics();
    const response: tf.OpenEphemeralResourceResponse = { diagnostics: diagnostics.items };
    await scope.withType(this.ephemerals, 'ephemeral resource', req.typeName, diagnostics, async (ephemeral) => {
      const config = scope.decode(req.config, ephemeral.schema, diagnostics, 'configuration');
      if (config === undefined || config === null) return;
      const opened = await scope.run('open', req.typeName, timeoutFor(config, 'create'), diagnostics, (ctx) =>
        ephemeral.open(verbRequest(ctx, { config: config as never })),
      );
      if (opened?.private !== undefined) response.private = encodePrivate(opened.private);
      if (!opened || diagnostics.hasErrors()) return;
      const result = completeObject(opened.result as never, config, scope.typeOf(ephemeral.schema), diagnostics, 'ephemeral result');
      if (result === undefined) return;
      response.result = scope.encode(result, ephemeral.schema);
      if (opened.renewAt) response.renewAt = opened.renewAt;
    });
    return response;
  }

  async renewEphemeralResource(req: tf.RenewEphemeralResourceRequest): Promise<tf.RenewEphemeralResourceResponse> {
    const { scope } = this;
    const diagnostics = new Diagnostics();
    const response: tf.RenewEphemeralResourceResponse = { diagnostics: diagnostics.items, private: req.private };
    await scope.withType(this.ephemerals, 'ephemeral resource', req.typeName, diagnostics, async (ephemeral) => {
      if (!ephemeral.renew) return;
      const renewed = await scope.run('renew', req.typeName, timeoutFor(null, 'read'), diagnostics, (ctx) =>
        ephemeral.renew!(verbRequest(ctx, { private: decodePrivate(req.private) })),
      );
      if (renewed?.private !== undefined) response.private = encodePrivate(renewed.private);
      if (renewed?.renewAt) response.renewAt = renewed.renewAt;
    });
    return response;
  }

  async closeEphemeralResource(req: tf.CloseEphemeralResourceRequest): Promise<tf.CloseEphemeralResourceResponse> {
    const { scope } = this;
    const diagnostics = new Diagnostics();
    await scope.withType(this.ephemerals, 'ephemeral resource', req.typeName, diagnostics, async (ephemeral) => {
      if (!ephemeral.close) return;
      await scope.run('close', req.typeName, timeoutFor(null, 'delete'), diagnostics, (ctx) =>
        ephemeral.close!(verbRequest(ctx, { private: decodePrivate(req.private) })),
      );
    });
    return { diagnostics: diagnostics.items };
  }
}

function encodePrivate(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

function decodePrivate(bytes: Uint8Array | undefined): any {
  if (!bytes || bytes.length === 0) return undefined;
  return JSON.parse(new TextDecoder().decode(bytes));
}
