import { plainImsFileSettingsSchema, type PlainImsFileSettings, type PlainImsFileSettingsInput } from "../ims-enterprise/settings.ts";

/** The settings of a Alvis (GotIT, adult education) source: plain IMS Enterprise 1.1, one file from a path or SFTP (see README.md). */
export const alvisSettingsSchema = plainImsFileSettingsSchema;
export type AlvisSettings = PlainImsFileSettings;
export type AlvisSettingsInput = PlainImsFileSettingsInput;
