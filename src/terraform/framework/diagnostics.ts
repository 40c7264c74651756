/**
 * Diagnostics: the errors and warnings a provider hands back to terraform, optionally pointing at an
 * attribute. Every request the framework passes to resource code carries a {@link Diagnostics} to add
 * to; an error added there fails the operation (and, for create/update, whatever state is returned is
 * still saved, so partial progress is not lost).
 */
import type { Diagnostic } from '../protocol/types.js';
import { toAttributePath, type PathLike } from './attribute-path.js';

export class Diagnostics {
  readonly items: Diagnostic[] = [];

  addError(summary: string, detail?: string, path?: PathLike): this {
    return this.add('error', summary, detail, path);
  }

  addWarning(summary: string, detail?: string, path?: PathLike): this {
    return this.add('warning', summary, detail, path);
  }

  /** An error that is the provider's fault, not the user's: worded so users report it. */
  addProviderBug(summary: string, detail: string, path?: PathLike): this {
    return this.addError(
      summary,
      `${detail}\n\nThis is a bug in the provider, which should be reported in the provider's own issue tracker.`,
      path,
    );
  }

  append(other: Diagnostics | readonly Diagnostic[]): this {
    this.items.push(...(other instanceof Diagnostics ? other.items : other));
    return this;
  }

  hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  private add(severity: Diagnostic['severity'], summary: string, detail?: string, path?: PathLike): this {
    const diagnostic: Diagnostic = { severity, summary };
    if (detail !== undefined) diagnostic.detail = detail;
    if (path !== undefined && path.length > 0) diagnostic.attribute = toAttributePath(path);
    this.items.push(diagnostic);
    return this;
  }
}
