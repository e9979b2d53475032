import assert from "node:assert/strict";
import { it } from "node:test";
import { SPECS } from "../../src/sync/entities.ts";
import { emptyPlan, takeSettled, type EntityPlan } from "../../src/sync/plan.ts";
import { StoredRows } from "../../src/sync/stored-rows.ts";

/** A users plan with `stored` rows and the given pending creates, each naming the users listed (as agents). */
function planWith(stored: string[], creates: Record<string, string[]>): EntityPlan {
  const own = new StoredRows();
  for (const id of stored) own.add(id, "AAAAAAAAAAAAAAAAAAAAAAAAAAA=", true);
  const plan = emptyPlan("users", { own, others: new Map(), activeInTenant: stored.length });
  for (const [id, agents] of Object.entries(creates)) {
    plan.seenNew.add(id);
    const selfReferences = agents.map((sourcedId) => ({ entity: "users" as const, sourcedId, field: "agentSourcedIds" }));
    plan.creates.set(id, { row: {}, children: [], selfReferences, hash: "" });
  }
  return plan;
}

const taken = (plan: EntityPlan) => [...takeSettled(SPECS.users, plan).creates.keys()].sort();

it("takes records naming stored rows, records taken before, or each other in a cycle that is all read", () => {
  const plan = planWith(["stored"], {
    "a-student": ["a-guardian"],
    "a-guardian": ["a-student"],
    "b-student": ["stored"],
    "c-loner": [],
  });
  assert.deepEqual(taken(plan), ["a-guardian", "a-student", "b-student", "c-loner"]);
  assert.equal(plan.creates.size, 0);

  // What was taken counts as there for the records that follow.
  plan.creates.set("d-student", { row: {}, children: [], selfReferences: [{ entity: "users", sourcedId: "a-guardian", field: "agentSourcedIds" }], hash: "" });
  plan.seenNew.add("d-student");
  assert.deepEqual(taken(plan), ["d-student"]);
});

it("keeps back a record naming one not yet read, and every record that leads to it, however long the chain", () => {
  const plan = planWith([], {
    "e-1": ["e-2"],
    "e-2": ["e-3"],
    "e-3": ["unread"],
    "f-1": ["f-2"],
    "f-2": ["f-1", "e-1"],
    "g-1": ["g-2"],
    "g-2": ["g-1"],
  });
  assert.deepEqual(taken(plan), ["g-1", "g-2"]);
  assert.deepEqual([...plan.creates.keys()].sort(), ["e-1", "e-2", "e-3", "f-1", "f-2"]);

  // A rejected record is not there either.
  const rejected = planWith([], { "h-1": ["h-2"] });
  rejected.seenNew.add("h-2");
  rejected.rejectedNew.add("h-2");
  assert.deepEqual(taken(rejected), []);
});
