import type { FileMapper } from "./mapper.ts";
import { refs } from "./mapper.ts";

const TYPES = ["department", "school", "district", "local", "state", "national"] as const;

export const orgsMapper: FileMapper<"orgs"> = {
  entity: "orgs",
  toRecord: (row, sourcedId) => ({
    sourcedId,
    name: row.required("name"),
    type: row.oneOf("type", TYPES, true),
    identifier: row.text("identifier"),
    parentSourcedId: row.optionalId("parentSourcedId"),
  }),
  references: (org) => refs("parentSourcedId", "orgs", org.parentSourcedId),
};
