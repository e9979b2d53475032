import { containsPersonnummer } from "../../src/csv/personnummer.ts";
import type { RenderNotes } from "./file-spec.ts";

/** A value on one line: the targets allow no line breaks inside values, so each run of them becomes one space. */
export function oneLine(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  return value.replace(/[\r\n]+/g, " ");
}

/**
 * A free-text value that must not carry a personnummer: blank when it holds one (the same rule as the OneRoster CSV
 * export, src/csv/personnummer.ts), counted per column so the operator learns of it.
 */
export function withoutPersonnummer(value: string | null, column: string, notes: RenderNotes): string {
  if (value !== null && containsPersonnummer(value)) {
    notes.personnummerOmitted[column] = (notes.personnummerOmitted[column] ?? 0) + 1;
    return "";
  }
  return oneLine(value);
}

/**
 * A phone number in E.164 (+ and 8–15 digits), from what registers hold: "+46 70-123 45 67", "0046…", or a national
 * number with its trunk 0 ("070-123 45 67") in the default country. null when it cannot be made one.
 */
export function e164(value: string | null, defaultCountryCode: string): string | null {
  if (value === null) return null;
  const compact = value.replace(/[\s().\-/]/g, "");
  if (compact === "") return null;
  let international: string;
  if (compact.startsWith("+")) international = compact.slice(1);
  else if (compact.startsWith("00")) international = compact.slice(2);
  else if (compact.startsWith("0")) international = defaultCountryCode + compact.slice(1);
  else return null;
  // Swedish numbers are often written +46 (0)70…: the trunk 0 after a country code is dropped.
  if (international.startsWith(`${defaultCountryCode}0`)) international = defaultCountryCode + international.slice(defaultCountryCode.length + 1);
  return /^[1-9]\d{7,14}$/.test(international) ? `+${international}` : null;
}

/** A user principal name: one @, a local part and a domain with a dot, no spaces. */
export const UPN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
