/**
 * Swedish identity numbers as the registers write them, read in one place:
 * - personnummer: 10 or 12 digits, optionally with `-` (or `+` for people 100 years or older), a real date and a
 *   right Luhn check digit;
 * - samordningsnummer: the same with day + 60;
 * - temporary numbers (reservnummer / TF-nummer, e.g. 20130101-TF01): a date followed by letters. Registers hand them
 *   out until a real number exists; they are neither unique nor stable, so they are accepted but never validated and
 *   never used as a key.
 */
export type IdentityNumber =
  | { kind: "personnummer" | "samordningsnummer"; normalized: string }
  | { kind: "temporary"; normalized: string };

export function parseIdentityNumber(value: string, today = new Date()): IdentityNumber | undefined {
  const trimmed = value.trim();
  const compact = trimmed.replace(/[- ]/g, "");
  const temporary = /^(\d{6}|\d{8})\+?([A-Za-z]{1,2}[A-Za-z0-9]{2,3})$/.exec(compact);
  if (temporary) {
    const date = fullDate(temporary[1]!, trimmed.includes("+"), today);
    return { kind: "temporary", normalized: `${date}-${temporary[2]!.toUpperCase()}` };
  }
  const digitsOnly = compact.replace("+", "");
  let digits: string;
  if (/^\d{12}$/.test(digitsOnly)) digits = digitsOnly;
  else if (/^\d{10}$/.test(digitsOnly)) digits = fullDate(digitsOnly.slice(0, 6), trimmed.includes("+"), today) + digitsOnly.slice(6);
  else return undefined;
  const month = Number(digits.slice(4, 6));
  const rawDay = Number(digits.slice(6, 8));
  const day = rawDay > 60 ? rawDay - 60 : rawDay;
  const date = new Date(Date.UTC(Number(digits.slice(0, 4)), month - 1, day));
  if (month < 1 || month > 12 || day < 1 || date.getUTCMonth() !== month - 1) return undefined;
  if (!luhnValid(digits.slice(2))) return undefined;
  return { kind: rawDay > 60 ? "samordningsnummer" : "personnummer", normalized: digits };
}

/** 12 digits for a real personnummer or samordningsnummer; temporary numbers and anything else are no key at all. */
export function personnummerKey(value: string, today = new Date()): string | undefined {
  const parsed = parseIdentityNumber(value, today);
  return parsed && parsed.kind !== "temporary" ? parsed.normalized : undefined;
}

export function isTemporaryNumber(value: string): boolean {
  return parseIdentityNumber(value)?.kind === "temporary";
}

/** YYMMDD gets the century that makes the person at most 99 years old (100 or more with `+`). */
function fullDate(date: string, hundredPlus: boolean, today: Date): string {
  if (date.length === 8) return date;
  const yy = Number(date.slice(0, 2));
  const thisYear = today.getUTCFullYear();
  let century = Math.floor(thisYear / 100) * 100;
  if (century + yy > thisYear) century -= 100;
  if (hundredPlus) century -= 100;
  return `${century + yy}`.padStart(4, "0") + date.slice(2);
}

function luhnValid(tenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = Number(tenDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}
