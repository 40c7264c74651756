/**
 * Reads the Schema part of a docs page back: for each top-level attribute, the section it is listed
 * under (Required / Optional / Read-Only) and its type words ("String", "Set of String", …). Used to
 * compare a generated page with the reference page.
 */
export interface ListedAttribute {
  section: string;
  typeWords: string;
  description: string;
}

export function topLevelSchemaAttributes(markdown: string): Map<string, ListedAttribute> {
  const start = markdown.indexOf('\n## Schema\n');
  if (start < 0) throw new Error('page has no "## Schema" section');
  const rest = markdown.slice(start + 1);
  const end = rest.search(/\n(<a id=|## )/);
  const schema = end < 0 ? rest : rest.slice(0, end);
  const listed = new Map<string, ListedAttribute>();
  let section = '';
  for (const line of schema.split('\n')) {
    const heading = /^### (.+)$/.exec(line);
    if (heading) {
      section = heading[1];
      continue;
    }
    const entry = /^- `([^`]+)` \(([^)]*)\)\s*(.*)$/.exec(line);
    if (entry) listed.set(entry[1], { section, typeWords: entry[2], description: entry[3] });
  }
  return listed;
}
