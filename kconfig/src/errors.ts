/**
 * Errors that stop processing. `text` is exactly what the reference tool
 * prints before exiting with status 1, so the CLI can print it verbatim and
 * API users get the same words plus the location as fields.
 */
export class KconfigFatal extends Error {
  readonly text: string;
  readonly file: string | null;
  readonly line: number | null;
  /** Process exit status the reference tool uses for this failure. */
  readonly exitCode: number;
  /**
   * Everything already printed about the failure (parse errors, recursive
   * dependency chains): `text` is then empty, and this is for API users.
   */
  readonly details: string;

  constructor(text: string, file: string | null = null, line: number | null = null, exitCode = 1, details = '') {
    super((text || details).replace(/\n$/, ''));
    this.name = 'KconfigFatal';
    this.text = text;
    this.file = file;
    this.line = line;
    this.exitCode = exitCode;
    this.details = details || text;
  }
}
