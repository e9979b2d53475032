/** Tieto Edlevo: a preset of the IMS Enterprise reader (tieto dialect), Organization API v12 + Personnel API v8. */
export { edlevoSettingsSchema, type EdlevoSettings, type EdlevoSettingsInput } from "./settings.ts";
export { edlevoInputs } from "./inputs.ts";

export const EDLEVO_KIND = "edlevo";
export const EDLEVO_DIALECT = "tieto" as const;
