/**
 * A personnummer (or samordningsnummer) as a match key: 12 digits YYYYMMDDNNNC with a real date (day + 60 for a
 * samordningsnummer) and a right check digit. Anything else — notably the registers' temporary numbers with letters
 * (20130101-TF01), which are neither unique nor stable — is no key at all.
 */
export function personnummerKey(value: string, today = new Date()): string | undefined {
  const compact = value.trim().replace(/[-+ ]/g, "");
  let digits: string;
  if (/^\d{12}$/.test(compact)) digits = compact;
  else if (/^\d{10}$/.test(compact)) {
    const yy = Number(compact.slice(0, 2));
    const hundredPlus = value.includes("+");
    const thisYear = today.getUTCFullYear();
    let century = Math.floor(thisYear / 100) * 100;
    if (century + yy > thisYear) century -= 100;
    if (hundredPlus) century -= 100;
    digits = `${century + yy}`.padStart(4, "0") + compact.slice(2);
  } else return undefined;
  const month = Number(digits.slice(4, 6));
  let day = Number(digits.slice(6, 8));
  if (day > 60) day -= 60;
  const date = new Date(Date.UTC(Number(digits.slice(0, 4)), month - 1, day));
  if (month < 1 || month > 12 || day < 1 || date.getUTCMonth() !== month - 1) return undefined;
  return luhnValid(digits.slice(2)) ? digits : undefined;
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
