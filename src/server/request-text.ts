// Checks on request bodies before and after JSON parsing that JSON itself does not make:
//   - UTF-8 only: invalid bytes are refused (400 naming the field), never silently replaced;
//   - nesting depth: refused before parsing, so no validator, error message or serializer ever recurses
//     through a deeply nested value (4,000 levels in 8 KB used to exhaust the stack: a 500);
//   - lone surrogates ("\ud800" is valid JSON but no text): refused, naming the field.
import { badRequest, ApiError } from './errors.js';

/** Deeper JSON than any Tessera request needs (they nest 2 levels) is refused before parsing. */
export const MAX_JSON_DEPTH = 32;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** A lone surrogate; with the u flag a proper pair is one code point and does not match. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** The body as text; a 400 naming the first field with invalid UTF-8 when the bytes are not UTF-8. */
export function decodeUtf8(body: Buffer, findField: (lenient: string) => string | undefined): string {
  try {
    return strictUtf8.decode(body);
  } catch {
    const lenient = lenientUtf8.decode(body);
    let field: string | undefined;
    try {
      field = findField(lenient);
    } catch {
      field = undefined;
    }
    throw badRequest(`${field ? `${field}: ` : ''}request body is not valid UTF-8`);
  }
}

/** Throws a 400 when JSON text nests arrays and objects deeper than MAX_JSON_DEPTH (strings skipped). */
export function checkJsonDepth(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) {
        throw badRequest(`request body nests deeper than ${MAX_JSON_DEPTH} levels`);
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/** The path of the first string (value or field name) for which `bad` holds, as "scopes[0]" or "name". */
export function findString(value: unknown, bad: (text: string) => boolean, path = ''): string | undefined {
  if (typeof value === 'string') return bad(value) ? path || 'request body' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findString(value[i], bad, `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (bad(key)) return `${path ? `${path}: ` : ''}a field name`;
      const found = findString(inner, bad, here);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** A 400 naming the first field holding a lone surrogate (text that cannot be stored as UTF-8). */
export function checkWellFormed(value: unknown): void {
  const field = findString(value, (text) => LONE_SURROGATE.test(text));
  if (field !== undefined) {
    throw badRequest(`${field}: contains a lone surrogate (such as \\ud800), which is not text; send valid Unicode`);
  }
}

/** The charset parameter of a Content-Type, lowercased, or undefined. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = contentType === undefined ? null : /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType);
  return match ? match[1].toLowerCase() : undefined;
}

export function unsupportedMediaType(message: string): ApiError {
  return new ApiError(415, 'unsupported_media_type', message);
}
