import { plainImsFileSettingsSchema, type PlainImsFileSettings, type PlainImsFileSettingsInput } from "../ims-enterprise/settings.ts";

/** The settings of a IST Extens / IST Administration "IMS export" source: plain IMS Enterprise 1.1, one file from a path or SFTP (see README.md). */
export const istImsSettingsSchema = plainImsFileSettingsSchema;
export type IstImsSettings = PlainImsFileSettings;
export type IstImsSettingsInput = PlainImsFileSettingsInput;
