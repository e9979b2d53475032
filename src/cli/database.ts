import { openDatabase, type DatabaseHandle } from "../../db/connection.ts";
import { migrateToLatest } from "../../db/migrator.ts";
import type { Settings } from "../config/env.ts";
import type { Logger } from "../log/logger.ts";

/** Opens the configured database (Postgres when DATABASE_URL is set, else embedded PGlite) and migrates it. */
export async function openMigratedDatabase(settings: Settings, logger: Logger): Promise<DatabaseHandle> {
  const database = await openDatabase(
    settings.DATABASE_URL ? { databaseUrl: settings.DATABASE_URL, logger } : { dataDir: settings.DATA_DIR },
  );
  try {
    const applied = await migrateToLatest(database.db);
    logger.info({ engine: database.engine, location: database.location, applied }, "database ready");
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Runs `work` on the migrated database and closes it afterwards, whether `work` succeeds or throws. */
export async function withMigratedDatabase<T>(settings: Settings, logger: Logger, work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = await openMigratedDatabase(settings, logger);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}
