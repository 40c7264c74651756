/**
 * The words tfplugindocs puts in parentheses after an attribute name: "(String)", "(Set of String)",
 * "(String, Sensitive)", "(Block, Optional)"…
 */
import type { CtyType, SchemaAttribute, SchemaNestedBlock } from '../terraform/protocol/types.js';

export function ctyTypeWords(type: CtyType): string {
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        return 'String';
      case 'number':
        return 'Number';
      case 'bool':
        return 'Boolean';
      case 'dynamic':
        return 'Dynamic';
    }
  }
  const [kind, inner] = type;
  switch (kind) {
    case 'list':
      return `List of ${ctyTypeWords(inner as CtyType)}`;
    case 'set':
      return `Set of ${ctyTypeWords(inner as CtyType)}`;
    case 'map':
      return `Map of ${ctyTypeWords(inner as CtyType)}`;
    case 'object':
      return 'Object';
    case 'tuple':
      return 'Tuple';
  }
  throw new Error(`unknown cty type ${JSON.stringify(type)}`);
}

export function attributeTypeWords(attribute: SchemaAttribute): string {
  let words: string;
  if (attribute.nestedType) {
    const nesting = attribute.nestedType.nesting;
    words = nesting === 'single' ? 'Attributes' : `Attributes ${nesting[0].toUpperCase()}${nesting.slice(1)}`;
  } else if (attribute.type !== undefined) {
    words = ctyTypeWords(attribute.type);
  } else {
    throw new Error(`attribute ${attribute.name} has neither a type nor a nested type`);
  }
  if (attribute.sensitive) words += ', Sensitive';
  if (attribute.writeOnly) words += ', Write-only';
  if (attribute.deprecated) words += ', Deprecated';
  return words;
}

export function blockTypeWords(block: SchemaNestedBlock): string {
  const nestingWords: Record<SchemaNestedBlock['nesting'], string> = {
    single: 'Block',
    group: 'Block',
    list: 'Block List',
    set: 'Block Set',
    map: 'Block Map',
  };
  const parts = [nestingWords[block.nesting]];
  if (block.nesting === 'single' || block.nesting === 'group') {
    parts.push((block.minItems ?? 0) > 0 ? 'Required' : 'Optional');
  } else {
    if ((block.minItems ?? 0) > 0) parts.push(`Min: ${block.minItems}`);
    if ((block.maxItems ?? 0) > 0) parts.push(`Max: ${block.maxItems}`);
  }
  if (block.block.deprecated) parts.push('Deprecated');
  return parts.join(', ');
}
