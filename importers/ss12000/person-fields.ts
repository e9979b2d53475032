import { isPersonnummerId } from "../../src/csv/personnummer.ts";
import type { Demographics, User, UserId } from "../../src/model/canonical.ts";
import type { Ss12000Settings } from "./settings.ts";
import type { Person } from "./types.ts";

export type EmailAudience = keyof Ss12000Settings["emailTypeOrder"];

/** The person's e-mail of the first type in the configured order; none when no e-mail has such a type. */
export function chooseEmail(person: Person, order: readonly string[]): string | undefined {
  for (const type of order) {
    const email = person.emails?.find((e) => e.type === type && e.value.trim() !== "");
    if (email) return email.value.trim();
  }
  return undefined;
}

/**
 * The user fields a person gives by itself (role, orgs and guardians come from elsewhere). civicNo becomes an
 * identifier only with `personnummer: store`; external identifiers that look like personnummer are dropped otherwise.
 */
export function personFields(
  person: Person,
  settings: Ss12000Settings,
  audience: EmailAudience,
  /** Shares repeated strings (identifier types, ids) between the users of a large import. */
  intern: (value: string) => string = (value) => value,
): Pick<User, "sourcedId" | "username" | "givenName" | "familyName" | "middleName" | "email" | "sms" | "phone" | "identifier" | "userIds"> {
  const store = settings.personnummer === "store";
  const email = chooseEmail(person, settings.emailTypeOrder[audience]);
  const civicNo = person.civicNo?.value?.trim();
  const userIds: UserId[] = store && civicNo ? [{ type: "personnummer", identifier: civicNo }] : [];
  for (const external of person.externalIdentifiers ?? []) {
    const type = intern(external.context?.trim() || "externalIdentifier");
    if (!store && isPersonnummerId(type, external.value)) continue;
    userIds.push({ type, identifier: external.value });
  }
  const mobile = person.phoneNumbers?.find((p) => p.mobile === true)?.value;
  const phone = person.phoneNumbers?.find((p) => p.mobile !== true)?.value ?? mobile;
  const eppn = person.eduPersonPrincipalNames?.find((e) => e.trim() !== "")?.trim();
  const sourcedId = intern(person.id);
  return {
    sourcedId,
    username: eppn ?? email ?? sourcedId,
    givenName: person.givenName,
    familyName: person.familyName,
    middleName: person.middleName ?? null,
    email: email ?? null,
    sms: mobile ?? null,
    phone: phone ?? null,
    identifier: store && civicNo ? civicNo : (userIds.find((u) => u.type !== "personnummer")?.identifier ?? null),
    // A copy of exact length: an array grown by push keeps room for 17 elements (a user held until written).
    userIds: userIds.slice(),
  };
}

export function demographicsOf(person: Person): Demographics | undefined {
  const sex = person.sex === "Man" ? "male" : person.sex === "Kvinna" ? "female" : person.sex === "Okänt" ? "unspecified" : null;
  if (person.birthDate === undefined && sex === null) return undefined;
  return { sourcedId: person.id, birthDate: person.birthDate ?? null, sex };
}
