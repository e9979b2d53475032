/** Alvis (GotIT, adult education): a preset of the IMS Enterprise reader (plain dialect). */
export { alvisSettingsSchema, type AlvisSettings, type AlvisSettingsInput } from "./settings.ts";
export { plainInputs as alvisInputs } from "../ims-enterprise/plain-inputs.ts";

export const ALVIS_KIND = "alvis";
export const ALVIS_DIALECT = "plain" as const;
