import { derivedSourcedId } from "../../src/model/derived-id.ts";
import { isPersonnummerId } from "../../src/csv/personnummer.ts";
import { parseIdentityNumber, personnummerKey, type IdentityNumber } from "../../src/model/personnummer.ts";
import type { UserId } from "../../src/model/canonical.ts";
import type { ImsPerson } from "./records.ts";
import type { ImsMappingSettings } from "./settings.ts";

const GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

/**
 * sourcedIds from IMS ids: a GUID (Edlevo writes `{…}`) is the id itself, lower case; any other id becomes a
 * UUIDv5 of (tenant, source, entity, id). An id that is a personnummer is normalised first (10 or 12 digits, with or
 * without `-`, give one id); a temporary number is used as it stands, the only id the file has (counted in the notes).
 */
export class IdMaker {
  constructor(
    readonly tenantId: string,
    readonly sourceId: string,
  ) {}

  of(entity: "org" | "class" | "user" | "course" | "academicSession" | "enrollment", imsId: string): string {
    const guid = GUID.exec(imsId);
    if (guid && entity !== "course" && entity !== "academicSession" && entity !== "enrollment") return guid[1]!.toLowerCase();
    return derivedSourcedId(this.tenantId, this.sourceId, entity, entity === "user" ? (personnummerKey(imsId) ?? imsId) : imsId);
  }

  person(imsId: string): string {
    return this.of("user", imsId);
  }
}

/** The person's personnummer (a userid of a personnummer type), parsed; temporary numbers included, marked as such. */
export function identityNumberOf(person: ImsPerson, settings: ImsMappingSettings): IdentityNumber | undefined {
  const types = settings.personnummerUserIdTypes.map((t) => t.toLowerCase());
  for (const userId of person.userIds) {
    if (!types.includes(userId.type.toLowerCase())) continue;
    const parsed = parseIdentityNumber(userId.value);
    if (parsed) return parsed;
  }
  return undefined;
}

/**
 * The user's identifiers: personnummer only with `personnummer: store` (a temporary one too, but it is never a
 * key); other userids (GUID, UNIQUEID …) as they are, unless they look like a personnummer.
 */
export function userIdsOf(person: ImsPerson, settings: ImsMappingSettings): { identifier: string | null; userIds: UserId[] } {
  const store = settings.personnummer === "store";
  const pnrTypes = settings.personnummerUserIdTypes.map((t) => t.toLowerCase());
  const usernameTypes = settings.usernameUserIdTypes.map((t) => t.toLowerCase());
  const userIds: UserId[] = [];
  for (const { type, value } of person.userIds) {
    const lower = type.toLowerCase();
    if (pnrTypes.includes(lower) || usernameTypes.includes(lower)) continue;
    if (isPersonnummerId(type, value)) continue;
    userIds.push({ type: type || "userid", identifier: value });
  }
  const number = identityNumberOf(person, settings);
  if (store && number) userIds.unshift({ type: "personnummer", identifier: number.normalized });
  return { identifier: store && number ? number.normalized : (userIds[0]?.identifier ?? null), userIds };
}
