import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { Ss12000Client } from "../../../importers/ss12000/client.ts";
import { ss12000SettingsSchema, type Ss12000Settings, type Ss12000SettingsInput } from "../../../importers/ss12000/settings.ts";
import { importSs12000, type Ss12000ImportOptions } from "../../../src/imports/ss12000-import.ts";
import type { SyncResult } from "../../../src/sync/types.ts";
import type { FakeSs12000 } from "../../fakes/ss12000/server.ts";

/** The fake's generated school year is 2026/27; its memberships are current on this day. */
export const AS_OF = "2026-09-01";
export const TOKEN = "static-test-token";
export const ENV = { SS12000_TOKEN: TOKEN, SS12000_SECRET: "s3cret" };

export function settingsFor(fake: FakeSs12000, extra: Partial<Ss12000SettingsInput> = {}): Ss12000Settings {
  return ss12000SettingsSchema.parse({ url: fake.url, tokenEnv: "SS12000_TOKEN", pageSize: 50, maxRetryWaitMs: 5000, ...extra });
}

/** Imports from the fake into tenant "t"; `waits` collects the client's pauses between attempts (taken for real). */
export async function importFrom(
  db: Kysely<Database>,
  fake: FakeSs12000,
  options: Partial<Ss12000ImportOptions> & { settings?: Partial<Ss12000SettingsInput>; waits?: number[] } = {},
): Promise<SyncResult> {
  const { settings: extra, waits, ...rest } = options;
  const settings = settingsFor(fake, extra);
  const client = new Ss12000Client(settings, {
    env: ENV,
    sleep: async (ms) => {
      waits?.push(ms);
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
  });
  return importSs12000(db, settings, { tenantId: "t", sourceId: "ss12000", today: AS_OF, env: ENV, client, ...rest });
}

/** Ids of rows of a table in tenant "t" that mention a value in any column. */
export async function rowsMentioning(db: Kysely<Database>, table: keyof Database, values: readonly string[]): Promise<string[]> {
  const rows = (await db.selectFrom(table).selectAll().execute()) as Array<Record<string, unknown>>;
  return rows.map((row) => JSON.stringify(row)).filter((json) => values.some((v) => json.includes(v)));
}
