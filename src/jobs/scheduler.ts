import cron, { type ScheduledTask } from "node-cron";
import type { DatabaseHandle } from "../../db/connection.ts";
import type { Logger } from "../log/logger.ts";
import type { LoadedSetup } from "../setup/load.ts";
import { markRunsInterrupted } from "./interrupted-runs.ts";
import { runTenantPipeline, type PipelineOptions, type PipelineResult } from "./pipeline.ts";
import { TenantBusyError } from "./tenant-lock.ts";

export interface SchedulerOptions {
  database: DatabaseHandle;
  setup: LoadedSetup;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** Only these tenants (default: every tenant of the setup). */
  tenantIds?: readonly string[];
  /** Absent: the pipeline's own, which forces a source's run once after an operator approved its held run. */
  decideForce?: PipelineOptions["decideForce"];
  /** Told of each pipeline that ran, and of each firing refused because the tenant was busy. */
  onFinished?: (result: PipelineResult) => void;
  onRefused?: (error: TenantBusyError) => void;
}

export interface ScheduledTenant {
  tenantId: string;
  schedule: string;
  timezone: string;
  nextRun: () => Date | null;
}

export interface Scheduler {
  tenants: ScheduledTenant[];
  /**
   * Stops firing at once, lets pipelines under way finish their current step (no further step begins) for up to
   * `timeoutMs`, then marks what still runs as failed ("interrupted"). True when everything finished in time.
   */
  stop(timeoutMs: number): Promise<boolean>;
}

/** node-cron's own messages (a missed firing after a sleep …) in our logs. */
function cronLogger(logger: Logger) {
  return {
    info: (message: string) => logger.info(message),
    warn: (message: string) => logger.warn(message),
    error: (message: string | Error, err?: Error) => logger.error({ err: err ?? message }, String(message)),
    debug: (message: string | Error, err?: Error) => logger.debug({ err }, String(message)),
  };
}

/**
 * One node-cron task per tenant, on the tenant's schedule (or the setup's) in the setup's time zone, each firing
 * running the tenant's pipeline. A firing that finds the tenant busy (a run still going here, or in another process
 * on the same Postgres) is refused and logged; it is not queued: the next firing tries again.
 */
export function startScheduler(options: SchedulerOptions): Scheduler {
  const { database, setup, logger } = options;
  const controller = new AbortController();
  const running = new Map<string, { done: Promise<void>; startedAt: Date }>();
  const tenants = setup.setup.tenants.filter((t) => options.tenantIds === undefined || options.tenantIds.includes(t.id));
  const tasks: ScheduledTask[] = [];

  const fire = async (tenantId: string) => {
    if (controller.signal.aborted) return;
    const startedAt = new Date();
    const done = runTenantPipeline({
      database,
      setup,
      tenantId,
      logger,
      signal: controller.signal,
      ...(options.env ? { env: options.env } : {}),
      ...(options.decideForce ? { decideForce: options.decideForce } : {}),
    }).then(
      (result) => options.onFinished?.(result),
      (error: unknown) => {
        if (error instanceof TenantBusyError) {
          logger.warn({ tenant: tenantId }, `scheduled run refused: ${error.message}`);
          options.onRefused?.(error);
        } else logger.error({ tenant: tenantId, err: error }, "scheduled run failed");
      },
    );
    // A refused firing must not take the place of the run that holds the tenant.
    if (!running.has(tenantId)) running.set(tenantId, { done, startedAt });
    await done;
    if (running.get(tenantId)?.done === done) running.delete(tenantId);
  };

  const scheduled = tenants.map((tenant): ScheduledTenant => {
    const schedule = tenant.schedule ?? setup.setup.schedule;
    const task = cron.schedule(schedule, () => fire(tenant.id), { name: `pipeline ${tenant.id}`, timezone: setup.setup.timezone, logger: cronLogger(logger) });
    tasks.push(task);
    return { tenantId: tenant.id, schedule, timezone: setup.setup.timezone, nextRun: () => task.getNextRun() };
  });
  logger.info({ tenants: scheduled.map((t) => ({ tenant: t.tenantId, schedule: t.schedule, next: t.nextRun() })), timezone: setup.setup.timezone }, "scheduler started");

  return {
    tenants: scheduled,
    async stop(timeoutMs) {
      controller.abort();
      await Promise.all(tasks.map((task) => task.destroy()));
      const underway = [...running.entries()];
      if (underway.length === 0) return true;
      logger.info({ tenants: underway.map(([tenantId]) => tenantId), timeoutMs }, "waiting for runs under way");
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        Promise.all(underway.map(([, run]) => run.done)).then(() => true),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
      ]);
      clearTimeout(timer);
      if (finished) return true;
      for (const [tenantId, run] of running) {
        const marked = await markRunsInterrupted(database.db, tenantId, run.startedAt, "interrupted: the scheduler was shut down before the run finished (an import under way is rolled back)").catch(
          (error: unknown) => (logger.error({ err: error, tenant: tenantId }, "could not mark the interrupted runs"), 0),
        );
        logger.warn({ tenant: tenantId, runs: marked }, "run interrupted by shutdown");
      }
      return false;
    },
  };
}
