// Reading what avn prints: its tables (a header line, a line of '=' runs under each column, then one
// line per row, columns padded to the same width) and its --json output (possibly after a boxed notice).

/** Rows of avn's table as objects keyed by the header names (values trimmed; empty cells are ''). */
export function parseAvnTable(output: string): Array<Record<string, string>> {
  const lines = output.split('\n');
  const rule = lines.findIndex((line) => /^=+( +=+)* *$/.test(line));
  if (rule < 1) throw new Error(`no avn table in:\n${output}`);
  const columns: Array<{ start: number; end: number }> = [];
  for (const match of lines[rule].matchAll(/=+/g)) columns.push({ start: match.index, end: match.index + match[0].length });
  const cell = (line: string, i: number) => line.slice(columns[i].start, i + 1 < columns.length ? columns[i + 1].start : undefined).trim();
  const names = columns.map((_, i) => cell(lines[rule - 1], i));
  return lines
    .slice(rule + 1)
    .filter((line) => line.trim() !== '')
    .map((line) => Object.fromEntries(names.map((name, i) => [name, cell(line, i)])));
}

/** The JSON document avn printed with --json (after any boxed notice such as the one on token create). */
export function parseAvnJson(output: string): any {
  const start = output.search(/^[[{]/m);
  if (start < 0) throw new Error(`no JSON in avn output:\n${output}`);
  return JSON.parse(output.slice(start));
}
