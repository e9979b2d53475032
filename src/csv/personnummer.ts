/**
 * Swedish personal identity numbers (personnummer), coordination numbers (samordningsnummer, day + 60) and the
 * registers' temporary numbers (e.g. 20130101-TF01) must not leave the server unless a setup allows it, and none
 * does yet. Importers should already have left them out; this is the last check before a file leaves, so it errs
 * on the side of blanking an identifier that merely looks like one.
 */

// YYMMDD or YYYYMMDD, an optional - or +, then four characters of which the first two may be letters (TF numbers).
// Bounded by anything but a digit, so it is also found inside an e-mail address or a password made of one.
const NUMBER = /(?<!\d)(?:\d{2})?(\d{2})(\d{2})(\d{2})[-+]?[A-Za-z0-9]{2}\d{2}(?!\d)/g;

/** userIds types that name a personnummer in the registers and the systems around them. */
const PERSONNUMMER_TYPE = /person|pnr|civic|ssn|social.?security|samordning|national.?id|^pid$|tf.?nummer/i;

function isDate(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && ((day >= 1 && day <= 31) || (day >= 61 && day <= 91));
}

export function containsPersonnummer(value: string): boolean {
  if (value.length < 10) return false;
  for (const match of value.matchAll(NUMBER)) {
    if (isDate(Number(match[2]), Number(match[3]))) return true;
  }
  return false;
}

/** A userIds entry that holds a personnummer, by its type or by its value. */
export function isPersonnummerId(type: string, identifier: string): boolean {
  return PERSONNUMMER_TYPE.test(type) || containsPersonnummer(identifier) || containsPersonnummer(type);
}
