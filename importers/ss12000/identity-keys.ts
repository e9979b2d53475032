import type { IdentityIndex } from "../identity-csv/identity-index.ts";
import type { IdentityCsvSettings } from "../identity-csv/settings.ts";
import type { Person } from "./types.ts";

/** A person's key in an identity source, in the index's normal form; undefined when the person has none. */
export function identityKeyOf(person: Person, index: IdentityIndex, settings: Pick<IdentityCsvSettings, "matchBy" | "identifierContext">): string | undefined {
  switch (settings.matchBy) {
    case "personnummer":
      return person.civicNo?.value ? index.normalise(person.civicNo.value) : undefined;
    case "externalIdentifier": {
      const id = person.externalIdentifiers?.find((e) => settings.identifierContext === undefined || e.context === settings.identifierContext);
      return id ? index.normalise(id.value) : undefined;
    }
    case "sourcedId":
      return index.normalise(person.id);
  }
}
