import { IST_IMS_KIND } from "../../../importers/ist-ims/index.ts";
import { plainImsSourceKind } from "./plain-ims.ts";

/** IST Extens / IST Administration "IMS export": a local file or fetched by SFTP. */
export const istImsSource = plainImsSourceKind(IST_IMS_KIND, "IST IMS export");
