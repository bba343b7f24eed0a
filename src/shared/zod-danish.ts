/**
 * zod's messages in Danish, for every schema in the bot (configuration, card input, files): a person or an
 * administrator never meets "Expected object, received string". Installed once by the config loader, which every
 * entry point imports first.
 */
import { z, type ZodErrorMap } from 'zod';

const TYPES: Record<string, string> = {
  string: 'tekst',
  number: 'et tal',
  integer: 'et helt tal',
  boolean: 'ja/nej',
  object: 'et objekt',
  array: 'en liste',
  date: 'en dato',
  undefined: 'ingenting',
  null: 'ingenting',
};

const typeName = (t: string) => TYPES[t] ?? t;

export const danishErrorMap: ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined') return { message: 'mangler' };
      if (issue.received === 'nan') return { message: 'skal være et tal' };
      return { message: `skal være ${typeName(issue.expected)}, ikke ${typeName(issue.received)}` };
    case z.ZodIssueCode.invalid_string:
      if (issue.validation === 'url') return { message: 'skal være en gyldig adresse (URL)' };
      if (issue.validation === 'uuid')
        return { message: 'skal være et GUID (fx 00000000-0000-0000-0000-000000000000)' };
      if (issue.validation === 'email') return { message: 'skal være en gyldig e-mailadresse' };
      if (issue.validation === 'regex') return { message: 'har ikke det rigtige format' };
      return { message: 'er ikke gyldig tekst' };
    case z.ZodIssueCode.too_small:
      if (issue.type === 'string')
        return { message: issue.minimum === 1 ? 'må ikke være tom' : `skal være mindst ${issue.minimum} tegn` };
      if (issue.type === 'array')
        return { message: `skal have mindst ${issue.minimum} ${issue.minimum === 1 ? 'element' : 'elementer'}` };
      return { message: `skal være mindst ${issue.minimum}` };
    case z.ZodIssueCode.too_big:
      if (issue.type === 'string') return { message: `må højst være ${issue.maximum} tegn` };
      if (issue.type === 'array') return { message: `må højst have ${issue.maximum} elementer` };
      return { message: `må højst være ${issue.maximum}` };
    case z.ZodIssueCode.invalid_enum_value:
      return { message: `skal være en af: ${issue.options.map(String).join(', ')}` };
    case z.ZodIssueCode.invalid_literal:
      return { message: `skal være ${JSON.stringify(issue.expected)}` };
    case z.ZodIssueCode.invalid_union:
    case z.ZodIssueCode.invalid_union_discriminator:
      return { message: 'har ikke en gyldig værdi' };
    case z.ZodIssueCode.unrecognized_keys:
      return { message: `ukendte felter: ${issue.keys.join(', ')}` };
    case z.ZodIssueCode.invalid_date:
      return { message: 'er ikke en gyldig dato' };
    case z.ZodIssueCode.not_multiple_of:
      return { message: `skal gå op i ${issue.multipleOf}` };
    case z.ZodIssueCode.custom:
      return { message: issue.message ?? 'er ikke gyldig' };
    default:
      return { message: ctx.defaultError === 'Required' ? 'mangler' : 'er ikke gyldig' };
  }
};

let installed = false;

export function installDanishZodMessages(): void {
  if (installed) return;
  z.setErrorMap(danishErrorMap);
  installed = true;
}
