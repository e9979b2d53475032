import { containsPersonnummer, isPersonnummerId } from "../../src/csv/personnummer.ts";
import { e164 } from "./cells.ts";
import type { RenderNotes } from "./file-spec.ts";

/** Why a user has no UPN, for the warning of a skipped user (the username itself is not repeated). */
export function whyNoUpn(username: string | null): string {
  if (!username || username.trim() === "") return "no username; the target needs a full UPN (name@domain)";
  if (containsPersonnummer(username)) return "the username looks like a personnummer, which is not exported";
  return "the username is not a full UPN (name@domain) and no UPN suffix is set";
}

/** A phone number in E.164, or blank with a warning naming the user when it cannot be made one. */
export function phoneCell(value: string | null, column: string, sourcedId: string, countryCode: string, notes: RenderNotes): string {
  if (value === null || value.trim() === "") return "";
  const phone = e164(value, countryCode);
  if (phone === null) notes.warn({ entity: "users", sourcedId, why: `${column} is not a phone number that can be written in E.164; left blank` });
  return phone ?? "";
}

type UserId = { type: string; identifier: string };

/** The user's personnummer among their userIds (by type or by value), or "" when none is stored. */
export function personnummerOf(ids: UserId[] | null): string {
  return ids?.find((id) => isPersonnummerId(id.type, id.identifier))?.identifier ?? "";
}

