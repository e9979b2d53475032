import { personnummerKey } from "../../src/model/personnummer.ts";
import { child, descendants, textAt, type ImsElement } from "./element.ts";
import { ImsFileError } from "./errors.ts";
import type { PersonnelStaff } from "./source-model.ts";

/**
 * One `<person>` of Edlevo's Personnel API v8 (`<personnel>` root): the work e-mail, whether a current placement is
 * teaching personnel, and the school unit codes of current placements. `privacy` marks a protected identity.
 * Deleted persons (change="Delete") give nothing.
 */
export function personnelStaff(element: ImsElement, file: string, today: string): { staff: PersonnelStaff; protectedIdentity: boolean } | undefined {
  if (element.attrs.change === "Delete") return undefined;
  const uniqueId = textAt(element, "uniqueid");
  const personId = textAt(element, "personid");
  if (uniqueId === undefined && personId === undefined) {
    throw new ImsFileError(file, element.line, `${element.path}/uniqueid`, "required element missing: a Personnel person has a uniqueid and a personid");
  }
  const privacy = child(element, "privacy");
  const placements = descendants(element, "placement").filter((p) => (textAt(p, "end") ?? "9999-12-31") >= today);
  const codes = placements.flatMap((p) => descendants(p, "schoolunit").filter((u) => (textAt(u, "end") ?? "9999-12-31") >= today).map((u) => textAt(u, "schoolunitcode")));
  return {
    staff: {
      uniqueId,
      personnummerKey: personId ? personnummerKey(personId) : undefined,
      email: textAt(element, "emailworkschool"),
      teaching: placements.some((p) => textAt(p, "category") === "TeachingPersonnel"),
      schoolUnitCodes: [...new Set(codes.filter((c) => c !== undefined))],
    },
    protectedIdentity: privacy !== undefined && privacy.text.toLowerCase() !== "false" && privacy.text !== "0",
  };
}
