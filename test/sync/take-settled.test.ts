import assert from "node:assert/strict";
import { it } from "node:test";
import { SPECS } from "../../src/sync/entities.ts";
import { emptyPlan, settleProvisional, takeSettled, type EntityPlan } from "../../src/sync/plan.ts";
import { Warnings } from "../../src/sync/warnings.ts";
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

it("does not hold a new record back for its optional links: it stays provisional until what they name is written", () => {
  const agent = (sourcedId: string) => ({ entity: "users" as const, sourcedId, field: "agentSourcedIds", optional: { child: 1, column: "agent_sourced_id" } });
  const plan = planWith([], {});
  const add = (id: string, agents: string[]) => {
    plan.seenNew.add(id);
    const children = [[], agents.map((a, ordinal) => ({ agent_sourced_id: a, ordinal }))];
    plan.creates.set(id, { row: { username: id }, children, selfReferences: agents.map(agent), hash: "" });
  };
  add("s-1", ["g-1", "g-never"]);
  add("s-2", []);
  assert.deepEqual(taken(plan), ["s-1", "s-2"]);
  assert.deepEqual([...plan.provisional.keys()], ["s-1"]);

  add("g-1", ["s-1"]);
  assert.deepEqual(taken(plan), ["g-1"]);
  assert.deepEqual([...plan.provisional.keys()], ["s-1"], "g-never is not read yet");

  const warnings = new Warnings();
  const settled = settleProvisional(SPECS.users, plan, warnings);
  assert.deepEqual(warnings.list.map((w) => `${w.sourcedId}: ${w.why}`), ['s-1: agentSourcedIds refers to users "g-never", which the tenant does not have; the link is left out']);
  assert.deepEqual(settled.droppedLinks, new Map([["s-1", [{ child: 1, column: "agent_sourced_id", values: new Set(["g-never"]) }]]]));
  assert.equal(settled.hashes.size, 1);
  assert.equal(plan.provisional.size, 0);
});
