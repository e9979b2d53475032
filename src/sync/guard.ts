import type { EntityPlan } from "./plan.ts";
import type { GuardSettings, GuardTrip } from "./types.ts";

const GUARDED = ["users", "classes"] as const;
const EXAMPLES = 20;

/** The entities whose planned removals exceed the guard: more than `share` of the tenant's active rows and ≥ `minimum`. */
export function checkGuard(plans: ReadonlyMap<string, EntityPlan>, settings: GuardSettings): GuardTrip[] {
  const trips: GuardTrip[] = [];
  for (const entity of GUARDED) {
    const plan = plans.get(entity);
    if (!plan) continue;
    const wouldRemove = plan.removals.size;
    const activeInTenant = plan.stored.activeInTenant;
    if (wouldRemove >= settings.minimum && wouldRemove > settings.share * activeInTenant) {
      trips.push({ entity, wouldRemove, activeInTenant, share: settings.share, minimum: settings.minimum, examples: first(plan.removals, EXAMPLES) });
    }
  }
  return trips;
}

function first(ids: Iterable<string>, count: number): string[] {
  const out: string[] = [];
  for (const id of ids) {
    if (out.length === count) break;
    out.push(id);
  }
  return out;
}

/** One sentence per tripped entity, for the run record, logs and the CLI. */
export function explainGuard(trips: readonly GuardTrip[]): string {
  const parts = trips.map(
    (t) =>
      `${t.wouldRemove} of ${t.activeInTenant} active ${t.entity} (${((100 * t.wouldRemove) / Math.max(1, t.activeInTenant)).toFixed(1)} %) ` +
      `would become tobedeleted, more than the allowed ${(100 * t.share).toFixed(1)} % (minimum ${t.minimum}); e.g. ${t.examples.slice(0, 5).join(", ")}`,
  );
  return `mass-delete guard stopped the run, nothing was written: ${parts.join("; ")}. Re-run with force to apply.`;
}
