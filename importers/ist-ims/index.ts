/** IST Extens / IST Administration "IMS export": a preset of the IMS Enterprise reader (plain dialect). */
export { istImsSettingsSchema, type IstImsSettings, type IstImsSettingsInput } from "./settings.ts";
export { plainInputs as istImsInputs } from "../ims-enterprise/plain-inputs.ts";

export const IST_IMS_KIND = "ist-ims";
export const IST_IMS_DIALECT = "plain" as const;
