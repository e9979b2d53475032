import { ALVIS_KIND } from "../../../importers/alvis/index.ts";
import { plainImsSourceKind } from "./plain-ims.ts";

/** Alvis (adult education): its IMS Enterprise 1.1 export, a local file or fetched by SFTP. */
export const alvisSource = plainImsSourceKind(ALVIS_KIND, "Alvis IMS export");
