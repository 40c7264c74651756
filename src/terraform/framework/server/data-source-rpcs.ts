/**
 * The data-source RPCs: ValidateDataResourceConfig and ReadDataSource. A read answers with the
 * completed result only when it satisfies the configuration; otherwise no state, only diagnostics.
 */
import type * as tf from '../../protocol/types.js';
import type { DynamicValue } from '../../protocol/types.js';
import type { DataSource } from '../datasource/data-source.js';
import { Diagnostics } from '../diagnostics.js';
import { timeoutFor } from '../timeouts/timeouts-block.js';
import { checkPlanAgainstConfig } from './apply-consistency.js';
import { verbRequest, type CallScope, type Obj } from './call-scope.js';
import { completeObject } from './value-conformance.js';

export class DataSourceRpcs {
  constructor(
    private readonly scope: CallScope,
    private readonly dataSources: Map<string, DataSource>,
  ) {}

  async validateDataResourceConfig(req: tf.ValidateDataResourceConfigRequest): Promise<tf.ValidateDataResourceConfigResponse> {
    return { diagnostics: await this.scope.validateConfigOf(this.dataSources, 'data source', req.typeName, req.config) };
  }

  async readDataSource(req: tf.ReadDataSourceRequest): Promise<tf.ReadDataSourceResponse> {
    const { scope } = this;
    const diagnostics = new Diagnostics();
    let state: DynamicValue | undefined;
    await scope.withType(this.dataSources, 'data source', req.typeName, diagnostics, async (dataSource) => {
      const config = scope.decode(req.config, dataSource.schema, diagnostics, 'configuration');
      if (config === undefined || config === null) return;
      const result = await scope.run('read', req.typeName, timeoutFor(config, 'read'), diagnostics, (ctx) =>
        dataSource.read(verbRequest(ctx, { config: config as never })),
      );
      if (!result || diagnostics.hasErrors()) return;
      const completed = completeObject(result, config, scope.typeOf(dataSource.schema), diagnostics, 'data source result');
      if (completed === undefined) return;
      checkPlanAgainstConfig(dataSource.schema, completed as Obj, config as Obj, req.typeName, diagnostics);
      state = scope.encode(completed, dataSource.schema);
    });
    return { state, diagnostics: diagnostics.items };
  }
}
