/**
 * Import: `terraform import ADDRESS ID` gives the resource an ID string; importState returns the few
 * attributes that identify the object (everything else null), then terraform calls read to fill in
 * the rest. {@link parseImportId} splits compound IDs with a clear diagnostic for bad input.
 */
import type { Diagnostics } from '../diagnostics.js';
import type { Model, SchemaDefinition } from '../schema/schema.js';

export interface ImportStateRequest<P> {
  id: string;
  diagnostics: Diagnostics;
  providerData: P;
}

export type ImportStateResponse<S extends SchemaDefinition<any, any>> = Partial<Model<S>> | undefined;

/** importState that puts the ID as given into one attribute: `importState: importStatePassthroughId('id')`. */
export function importStatePassthroughId(attribute: string) {
  return (req: ImportStateRequest<unknown>): Record<string, unknown> | undefined => {
    if (req.id.trim() === '') {
      req.diagnostics.addError('Invalid Import ID', `The import ID is empty; expected the value of "${attribute}".`);
      return undefined;
    }
    return { [attribute]: req.id };
  };
}

/**
 * Splits an import ID into named parts at `/`: `parseImportId('org1/u1/abc/def', ['organization_id',
 * 'user_id', 'token_prefix'], diags)` → `{ organization_id: 'org1', user_id: 'u1', token_prefix: 'abc/def' }`.
 * The last part takes the rest (it may itself contain `/`). Empty parts are an error. Returns undefined
 * (with an "Invalid Import ID" error naming the expected form) when the ID does not fit.
 */
export function parseImportId<K extends string>(
  id: string,
  parts: readonly K[],
  diagnostics: Diagnostics,
): Record<K, string> | undefined {
  const expected = parts.map((p) => p.toUpperCase()).join('/');
  const pieces: string[] = [];
  let rest = id;
  for (let i = 0; i < parts.length - 1; i++) {
    const at = rest.indexOf('/');
    if (at < 0) break;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  pieces.push(rest);
  const emptyAt = pieces.findIndex((p) => p === '');
  if (pieces.length !== parts.length || emptyAt >= 0) {
    const why =
      pieces.length !== parts.length
        ? `it has ${pieces.length} part${pieces.length === 1 ? '' : 's'} separated by "/", expected ${parts.length}`
        : `the ${parts[emptyAt]} part is empty`;
    diagnostics.addError('Invalid Import ID', `Import ID ${JSON.stringify(id)} is not of the form ${expected}: ${why}.`);
    return undefined;
  }
  return Object.fromEntries(parts.map((p, i) => [p, pieces[i]])) as Record<K, string>;
}
