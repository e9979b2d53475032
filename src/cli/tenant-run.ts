import type { DatabaseHandle } from "../../db/connection.ts";
import type { Settings } from "../config/env.ts";
import { TenantBusyError, withTenantLock } from "../jobs/tenant-lock.ts";
import type { Logger } from "../log/logger.ts";
import { CliError } from "./cli-error.ts";
import { withMigratedDatabase } from "./database.ts";

/**
 * Runs an import or export of one tenant on the migrated database while holding the tenant's run lock; a tenant
 * another run holds is refused at once with one line saying so.
 */
export function withLockedTenant<T>(
  settings: Settings,
  logger: Logger,
  tenantId: string,
  purpose: string,
  work: (database: DatabaseHandle) => Promise<T>,
): Promise<T> {
  return withMigratedDatabase(settings, logger, (database) =>
    withTenantLock(database, tenantId, purpose, () => work(database)).catch((error: unknown) => {
      throw error instanceof TenantBusyError ? new CliError(error.message) : error;
    }),
  );
}
