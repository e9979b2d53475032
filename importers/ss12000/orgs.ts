import type { Org, OrgType } from "../../src/model/canonical.ts";
import type { Organisation } from "./types.ts";

function orgType(organisationType: string): OrgType {
  if (organisationType === "Huvudman") return "district";
  if (organisationType === "Skolenhet") return "school";
  return "department";
}

/** The organisations in force on `today`: Huvudman → district, Skolenhet → school, anything else → department. */
export function orgRecords(organisations: Iterable<Organisation>, today: string): { orgs: Org[]; districtId: string | undefined } {
  const current = [...organisations].filter((o) => o.endDate === undefined || o.endDate >= today);
  const ids = new Set(current.map((o) => o.id));
  const districtId = current.find((o) => o.organisationType === "Huvudman")?.id;
  const orgs = current.map((o): Org => {
    const type = orgType(o.organisationType);
    const parent = o.parentOrganisation?.id;
    return {
      sourcedId: o.id,
      name: o.displayName,
      type,
      identifier: (type === "school" ? o.schoolUnitCode : type === "district" ? o.organisationNumber : o.organisationCode) ?? null,
      parentSourcedId: parent !== undefined && parent !== o.id && ids.has(parent) ? parent : type === "district" ? null : (districtId ?? null),
    };
  });
  return { orgs, districtId };
}
