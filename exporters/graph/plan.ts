import type { ExportWarning } from "../contract.ts";
import {
  desiredMembership,
  educationClassBody,
  educationClassPatch,
  propertiesHash,
  type EducationClassBody,
  type EducationClassPatch,
} from "./desired.ts";
import type { GraphState } from "./export-state.ts";
import type { GraphSettings } from "./settings.ts";
import { planSchoolGroups, type GroupChange } from "./school-groups.ts";
import type { GraphSnapshot } from "./snapshot.ts";
import { planStaffTeams, staffTeamWrites, type StaffTeamChange, type StaffTeamsRemote } from "./staff-teams.ts";

export interface RemoteMembership {
  teachers: string[];
  members: string[];
}

/**
 * What the target holds, as far as this night's plan needs it. export_state is trusted for every class whose hashes
 * still match; only the rest is read from Graph (see remote.ts), so an unchanged night reads nothing.
 */
export interface GraphRemoteState {
  state: GraphState;
  /** user sourcedId → Entra user id (export_state plus this run's look-ups). */
  userIds: ReadonlyMap<string, string>;
  /** Classes found at the target by externalId though export_state has none (a crashed run created them). */
  adopted: ReadonlyMap<string, string>;
  /** Current teachers/members of the classes whose membership hash changed (and of adopted classes). */
  memberships: ReadonlyMap<string, RemoteMembership>;
  /** Teams found at the target for classes whose team export_state does not know (absent: no team). */
  teams: ReadonlyMap<string, { archived: boolean }>;
  /** School security groups found by mailNickname though export_state has none. */
  groupsAdopted?: ReadonlyMap<string, string>;
  /** Current member ids of the school groups whose membership hash changed (and of adopted ones). */
  groupMemberships?: ReadonlyMap<string, string[]>;
  /** What was read for the staff teams (settings.staffTeams). */
  staffTeams?: StaffTeamsRemote;
}

export type TeamAction = "create" | "archive" | "unarchive";

/** Everything to do for one class, and the export_state to record once it is done. */
export interface ClassChange {
  sourcedId: string;
  /** null: the class does not exist yet and `create` makes it. */
  remoteId: string | null;
  create: EducationClassBody | null;
  patch: EducationClassPatch | null;
  teacherAdds: string[];
  teacherRemoves: string[];
  memberAdds: string[];
  memberRemoves: string[];
  team: TeamAction | null;
  record: {
    propertiesHash: string | null;
    /** null: membership is not kept (archived classes keep the members they had). */
    membershipHash: string | null;
    /** The team's state after this change; null: no team to record. */
    team: { archived: boolean } | null;
  };
}

export interface GraphPlan {
  changes: ClassChange[];
  /** School security groups (settings.schoolGroupRoles). */
  groups: GroupChange[];
  /** Staff teams per school (settings.staffTeams); absent when off. */
  staffTeams?: StaffTeamChange[];
  warnings: ExportWarning[];
}

/** What remote.ts must read before plan() can run: pure, from the snapshot, export_state and the known user ids. */
export interface RemoteReads {
  /** Classes without export_state that may exist at the target already: look up by externalId. */
  lookups: string[];
  /** Classes (sourcedId → remote id) whose membership must be read and compared. */
  memberships: Map<string, string>;
  /** Classes (sourcedId → remote id) whose team export_state does not know. */
  teams: Map<string, string>;
  /** Users referenced by an exported class whose Entra id is not known for their current userPrincipalName. */
  users: Map<string, string>;
}

/** Members whose Entra id is not known for their current userPrincipalName. */
export function neededUserLookups(snapshot: GraphSnapshot, state: GraphState): Map<string, string> {
  const users = new Map<string, string>();
  for (const [sourcedId, upn] of snapshot.userPrincipalNames) {
    if (state.user.get(sourcedId)?.appliedHash !== upn) users.set(sourcedId, upn);
  }
  return users;
}

export function neededRemoteReads(
  snapshot: GraphSnapshot,
  state: GraphState,
  userIds: ReadonlyMap<string, string>,
  settings: Pick<GraphSettings, "createTeams">,
): Omit<RemoteReads, "users"> {
  const reads: Omit<RemoteReads, "users"> = { lookups: [], memberships: new Map(), teams: new Map() };
  for (const schoolClass of snapshot.classes) {
    const known = state.class.get(schoolClass.sourcedId);
    if (!known) {
      if (!schoolClass.ended) reads.lookups.push(schoolClass.sourcedId);
      continue;
    }
    if (!schoolClass.ended && state["class-members"].get(schoolClass.sourcedId)?.appliedHash !== desiredMembership(schoolClass, userIds).hash) {
      reads.memberships.set(schoolClass.sourcedId, known.remoteId);
    }
    if (settings.createTeams && !state.team.has(schoolClass.sourcedId)) reads.teams.set(schoolClass.sourcedId, known.remoteId);
  }
  return reads;
}

function difference(from: readonly string[], minus: readonly string[]): string[] {
  const drop = new Set(minus);
  return from.filter((id) => !drop.has(id));
}

/**
 * Pure: the changes that make the target match the snapshot. Ended classes are archived (team archived, name
 * suffixed) and never deleted; a class that comes back is unarchived. An ended class that was never exported is
 * left alone.
 */
export function planGraphExport(
  snapshot: GraphSnapshot,
  remote: GraphRemoteState,
  settings: Pick<GraphSettings, "archiveSuffix" | "createTeams">,
): GraphPlan {
  const changes: ClassChange[] = [];
  const warnings: ExportWarning[] = [];
  const { state } = remote;
  const unmatched = new Set<string>();

  for (const schoolClass of snapshot.classes) {
    const { sourcedId } = schoolClass;
    const body = educationClassBody(schoolClass, settings.archiveSuffix);
    const hash = propertiesHash(body);
    const known = state.class.get(sourcedId);
    const remoteId = known?.remoteId ?? remote.adopted.get(sourcedId) ?? null;
    if (remoteId === null && schoolClass.ended) continue;

    const membership = desiredMembership(schoolClass, remote.userIds);
    if (!schoolClass.ended) for (const user of membership.unresolved) unmatched.add(user);
    const change: ClassChange = {
      sourcedId,
      remoteId,
      create: null,
      patch: null,
      teacherAdds: [],
      teacherRemoves: [],
      memberAdds: [],
      memberRemoves: [],
      team: null,
      record: { propertiesHash: null, membershipHash: null, team: null },
    };
    const canHaveTeam = membership.teachers.length > 0;

    if (remoteId === null) {
      change.create = body;
      change.teacherAdds = membership.teachers;
      change.memberAdds = membership.members;
      change.record = { propertiesHash: hash, membershipHash: membership.hash, team: null };
      if (settings.createTeams && canHaveTeam) {
        change.team = "create";
        change.record.team = { archived: false };
      }
    } else {
      if (known?.appliedHash !== hash) {
        change.patch = educationClassPatch(body);
        change.record.propertiesHash = hash;
      }
      if (!schoolClass.ended && state["class-members"].get(sourcedId)?.appliedHash !== membership.hash) {
        const current = remote.memberships.get(sourcedId);
        if (!current) throw new Error(`the current membership of class ${sourcedId} was not read`);
        change.teacherAdds = difference(membership.teachers, current.teachers);
        change.teacherRemoves = difference(current.teachers, membership.teachers);
        change.memberAdds = difference(membership.members, current.members);
        change.memberRemoves = difference(current.members, membership.members);
        change.record.membershipHash = membership.hash;
      }
      const teamState = state.team.get(sourcedId);
      const found = remote.teams.get(sourcedId);
      if (teamState !== undefined || found !== undefined) {
        const archived = teamState?.archived ?? found?.archived ?? false;
        if (schoolClass.ended && !archived) change.team = "archive";
        if (!schoolClass.ended && archived) change.team = "unarchive";
        if (change.team !== null || teamState === undefined) change.record.team = { archived: schoolClass.ended };
      } else if (settings.createTeams && !schoolClass.ended && canHaveTeam) {
        change.team = "create";
        change.record.team = { archived: false };
      }
    }
    if (settings.createTeams && !canHaveTeam && !schoolClass.ended && change.team === null && !state.team.has(sourcedId) && !remote.teams.has(sourcedId)) {
      warnings.push({ entity: "classes", sourcedId, why: "no teacher with an Entra account, so no team owner: the team is not created" });
    }
    if (isNeeded(change)) changes.push(change);
  }

  // Classes exported before that are no longer exported at all (type filter changed, purged): archive, never delete.
  const exported = new Set(snapshot.classes.map((schoolClass) => schoolClass.sourcedId));
  for (const [sourcedId, team] of state.team) {
    if (exported.has(sourcedId) || team.archived) continue;
    changes.push({
      sourcedId,
      remoteId: team.remoteId,
      create: null,
      patch: null,
      teacherAdds: [],
      teacherRemoves: [],
      memberAdds: [],
      memberRemoves: [],
      team: "archive",
      record: { propertiesHash: null, membershipHash: null, team: { archived: true } },
    });
  }
  const groups = planSchoolGroups(snapshot.schoolGroups, state, remote.userIds, remote.groupsAdopted ?? new Map(), remote.groupMemberships ?? new Map());
  for (const sourcedId of unmatched) {
    warnings.push({ entity: "users", sourcedId, why: "no Entra user with its userPrincipalName: left out of its classes" });
  }
  const noStaffReads: StaffTeamsRemote = { adopted: new Map(), memberships: new Map(), teams: new Map() };
  const staffTeams = snapshot.staffTeams ? planStaffTeams(snapshot.staffTeams, state, remote.userIds, remote.staffTeams ?? noStaffReads, warnings) : undefined;
  return { changes, groups, ...(staffTeams ? { staffTeams } : {}), warnings };
}

function isNeeded(change: ClassChange): boolean {
  return writeCount(change) > 0 || change.record.propertiesHash !== null || change.record.membershipHash !== null || change.record.team !== null;
}

/** How many Graph write requests a change makes. */
export function writeCount(change: ClassChange): number {
  return (
    (change.create ? 1 : 0) +
    (change.patch ? 1 : 0) +
    change.teacherAdds.length +
    change.teacherRemoves.length +
    change.memberAdds.length +
    change.memberRemoves.length +
    (change.team ? 1 : 0)
  );
}

export function planWriteCount(plan: GraphPlan): number {
  const groupWrites = plan.groups.reduce((sum, g) => sum + (g.create ? 1 : 0) + (g.rename ? 1 : 0) + g.adds.length + g.removes.length, 0);
  const staffWrites = (plan.staffTeams ?? []).reduce((sum, change) => sum + staffTeamWrites(change), 0);
  return plan.changes.reduce((sum, change) => sum + writeCount(change), groupWrites + staffWrites);
}
