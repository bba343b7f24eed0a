/**
 * What a person typed is shown as text, never as markup, wherever it goes. Cards: Teams renders Markdown in TextBlock
 * and FactSet (links, emphasis, lists, <at> mentions), so typed text bound there goes through `plainText`, which
 * escapes every character Markdown could use; TextRun and input values are never Markdown, so text bound there is
 * left as typed. CSV: a cell a spreadsheet would read as a formula is made literal by `csvCell`. Word: docx text runs
 * are literal by construction.
 */

// CommonMark's escapable punctuation that can start or shape markup, plus < and & for Teams' <at> and HTML entities.
const MARKDOWN = /[\\`*_{}[\]()#+\-.!|~<>&]/g;

/** Typed text for a Markdown-rendered place (TextBlock, Fact): every markup character escaped, line breaks kept. */
export function plainText(text: string): string {
  return text.replace(MARKDOWN, (c) => `\\${c}`);
}

/** A value for a CSV cell: a leading =, +, -, @, tab or CR would make Excel or LibreOffice run it as a formula. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  const literal = /^[=+\-@\t\r]/.test(text) && !/^-?\d+([.,]\d+)?$/.test(text) ? `'${text}` : text;
  return /[";\n\r]/.test(literal) ? `"${literal.replaceAll('"', '""')}"` : literal;
}
