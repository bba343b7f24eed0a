/**
 * Danish form for everything users read: counted nouns ("1 plads", "4 pladser", never "plads(er)"), numbers with a
 * decimal comma and a thousands dot, and lists joined with "og". Every card and CLI line that counts uses these.
 */

const INTEGER = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 0 });
const DECIMALS = new Map<number, Intl.NumberFormat>();

/** 1.234 ; 7,5 ; 62,3 (decimals: the most shown, trailing zeros dropped unless `fixed`). */
export function formatNumber(n: number, decimals = 0, fixed = false): string {
  if (decimals === 0) return INTEGER.format(n);
  const key = fixed ? -decimals : decimals;
  let f = DECIMALS.get(key);
  if (!f) {
    f = new Intl.NumberFormat('da-DK', {
      minimumFractionDigits: fixed ? decimals : 0,
      maximumFractionDigits: decimals,
    });
    DECIMALS.set(key, f);
  }
  return f.format(n);
}

/** 62,5 % (Danish puts a space before the sign). */
export function formatPercent(n: number, decimals = 1): string {
  return `${formatNumber(n, decimals)} %`;
}

/** "1 plads", "2 pladser", "0 pladser": the number and the noun in the form it takes. */
export function countNoun(n: number, singular: string, plural: string): string {
  return `${formatNumber(n)} ${n === 1 ? singular : plural}`;
}

/** "A", "A og B", "A, B og C". */
export function listWithAnd(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} og ${items[items.length - 1]}`;
}

/** Bracket plurals ("plads(er)", "kommune(r)", "medlem(mer)") have no place in Danish that reads right. */
export const BRACKET_PLURAL = /\p{L}\((?:e|er|r|mer|ne|s)\)/u;
