import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { retryAfterMs } from "../../../exporters/graph/batch.ts";
import { desiredMembership, educationClassBody, propertiesHash } from "../../../exporters/graph/desired.ts";
import { emptyGraphState, type GraphState } from "../../../exporters/graph/export-state.ts";
import { renderTemplate, toMailNickname } from "../../../exporters/graph/names.ts";
import { neededRemoteReads, planGraphExport, planWriteCount, type GraphRemoteState } from "../../../exporters/graph/plan.ts";
import type { GraphClass, GraphSnapshot } from "../../../exporters/graph/snapshot.ts";

const settings = { archiveSuffix: " (arkiv)", createTeams: true };
const userIds = new Map([
  ["t", "id-t"],
  ["s1", "id-s1"],
  ["s2", "id-s2"],
]);

function schoolClass(sourcedId: string, overrides: Partial<GraphClass> = {}): GraphClass {
  return { sourcedId, displayName: sourcedId.toUpperCase(), mailNickname: sourcedId, term: null, ended: false, teachers: ["t"], students: ["s1", "s2"], ...overrides };
}

function snapshotOf(...classes: GraphClass[]): GraphSnapshot {
  return { classes, userPrincipalNames: new Map([...userIds.keys()].map((u) => [u, `${u}@x.test`])), schoolGroups: [] };
}

/** export_state as a finished run leaves it for these classes. */
function stateOf(...classes: GraphClass[]): GraphState {
  const state = emptyGraphState();
  for (const [sourcedId, id] of userIds) state.user.set(sourcedId, { remoteId: id, appliedHash: `${sourcedId}@x.test`, archived: false });
  for (const c of classes) {
    const id = `remote-${c.sourcedId}`;
    state.class.set(c.sourcedId, { remoteId: id, appliedHash: propertiesHash(educationClassBody(c, settings.archiveSuffix)), archived: false });
    state["class-members"].set(c.sourcedId, { remoteId: id, appliedHash: desiredMembership(c, userIds).hash, archived: false });
    state.team.set(c.sourcedId, { remoteId: id, appliedHash: "", archived: c.ended });
  }
  return state;
}

function remoteOf(state: GraphState, extra: Partial<GraphRemoteState> = {}): GraphRemoteState {
  return { state, userIds, adopted: new Map(), memberships: new Map(), teams: new Map(), ...extra };
}

describe("Graph plan (pure)", () => {
  it("plans nothing and reads nothing when every hash matches", () => {
    const classes = [schoolClass("a"), schoolClass("b")];
    const state = stateOf(...classes);
    const reads = neededRemoteReads(snapshotOf(...classes), state, userIds, settings);
    assert.deepEqual(reads, { lookups: [], memberships: new Map(), teams: new Map() });
    assert.deepEqual(planGraphExport(snapshotOf(...classes), remoteOf(state), settings), { changes: [], groups: [], warnings: [] });
  });

  it("diffs only a class whose membership changed, against the members read from the target", () => {
    const before = schoolClass("a");
    const after = schoolClass("a", { students: ["s2"] });
    const state = stateOf(before);
    assert.deepEqual([...neededRemoteReads(snapshotOf(after), state, userIds, settings).memberships], [["a", "remote-a"]]);
    const plan = planGraphExport(snapshotOf(after), remoteOf(state, { memberships: new Map([["a", { teachers: ["id-t"], members: ["id-s1", "id-s2", "id-t"] }]]) }), settings);
    assert.equal(planWriteCount(plan), 1);
    assert.deepEqual(plan.changes[0]?.memberRemoves, ["id-s1"]);
    assert.equal(plan.changes[0]?.record.membershipHash, desiredMembership(after, userIds).hash);
  });

  it("does not create a class that ended before it was ever exported", () => {
    const plan = planGraphExport(snapshotOf(schoolClass("old", { ended: true })), remoteOf(emptyGraphState()), settings);
    assert.deepEqual(plan.changes, []);
  });

  it("archives the team of a class that is no longer exported at all, and deletes nothing", () => {
    const gone = schoolClass("gone");
    const plan = planGraphExport(snapshotOf(), remoteOf(stateOf(gone)), settings);
    assert.deepEqual(
      plan.changes.map((c) => [c.sourcedId, c.team, c.create, c.memberRemoves.length]),
      [["gone", "archive", null, 0]],
    );
  });

  it("suffixes the name of an ended class and archives its team once", () => {
    const live = schoolClass("a");
    const ended = schoolClass("a", { ended: true });
    const plan = planGraphExport(snapshotOf(ended), remoteOf(stateOf(live)), settings);
    assert.equal(plan.changes[0]?.patch?.displayName, "A (arkiv)");
    assert.equal(plan.changes[0]?.team, "archive");
    assert.deepEqual(planGraphExport(snapshotOf(ended), remoteOf(stateOf(ended)), settings).changes, []);
  });

  it("warns about a class without a teacher with an Entra account, and gives it no team", () => {
    const plan = planGraphExport(snapshotOf(schoolClass("x", { teachers: ["nobody"] })), remoteOf(emptyGraphState()), settings);
    assert.equal(plan.changes[0]?.team, null);
    assert.deepEqual(
      plan.warnings.map((w) => [w.entity, w.sourcedId]),
      [
        ["classes", "x"],
        ["users", "nobody"],
      ],
    );
  });
});

describe("Graph names and Retry-After", () => {
  it("fills templates and makes mailNicknames Graph accepts", () => {
    const fields = { title: "Matematik 7", classCode: "MA7", sourcedId: "c-1", schoolName: "Björkskolan", termTitle: "HT 2026" };
    assert.equal(renderTemplate("{schoolName} {title} ({termTitle}) {nope}", fields), "Björkskolan Matematik 7 (HT 2026) {nope}");
    assert.equal(toMailNickname("Björkskolan Åk 7 @ (HT)"), "Bjorkskolan-Ak-7-HT");
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    assert.equal(retryAfterMs({ "Retry-After": "3" }, 0), 3000);
    const at = new Date(Date.now() + 5000).toUTCString();
    const ms = retryAfterMs({ "retry-after": at }, 0);
    assert.ok(ms > 3000 && ms <= 5000, String(ms));
    assert.equal(retryAfterMs({}, 2), 4000);
  });
});
