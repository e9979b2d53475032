import { v5 as uuidv5 } from "uuid";

/** Namespace of the ids made for sourcedIds ASM cannot take (a fixed, random UUID: never change it). */
const ASM_ID_NAMESPACE = "6f1c8a52-3d0e-4b7a-9c55-2b8e4f0d91a3";

/**
 * ASM takes ids of letters, digits and "-" only. A sourcedId made of those is used as it is; any other becomes the
 * UUIDv5 of it, the same on every run, so ASM never sees an id change.
 */
export function asmId(sourcedId: string): string {
  return /^[A-Za-z0-9-]+$/.test(sourcedId) ? sourcedId : uuidv5(sourcedId, ASM_ID_NAMESPACE);
}
