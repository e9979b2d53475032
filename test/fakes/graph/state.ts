import { randomUUID } from "node:crypto";

export interface FakeUser {
  id: string;
  userPrincipalName: string;
}

export interface FakeClass {
  id: string;
  externalId: string | undefined;
  displayName: string;
  mailNickname: string;
  description?: string;
  externalName?: string;
  externalSource?: string;
  term?: object;
  members: Set<string>;
  teachers: Set<string>;
}

/** A security group or a Microsoft 365 ("Unified") group (not an education class). */
export interface FakeGroup {
  id: string;
  displayName: string;
  mailNickname: string;
  description?: string;
  securityEnabled: boolean;
  mailEnabled: boolean;
  groupTypes?: string[];
  members: Set<string>;
  owners: Set<string>;
}

export interface FakeTeam {
  id: string;
  isArchived: boolean;
}

/** What the fake tenant holds: Entra users, education classes (= groups) and their teams. */
export class FakeGraphState {
  readonly users = new Map<string, FakeUser>();
  readonly classes = new Map<string, FakeClass>();
  readonly teams = new Map<string, FakeTeam>();
  readonly groups = new Map<string, FakeGroup>();
  /** POST /teams attempts per group, for the not-yet-replicated 404. */
  readonly teamAttempts = new Map<string, number>();

  addUser(userPrincipalName: string, id: string = randomUUID()): FakeUser {
    const user = { id, userPrincipalName };
    this.users.set(id, user);
    return user;
  }

  userByName(idOrName: string): FakeUser | undefined {
    const wanted = idOrName.toLowerCase();
    return this.users.get(idOrName) ?? [...this.users.values()].find((user) => user.userPrincipalName.toLowerCase() === wanted);
  }

  classByExternalId(externalId: string): FakeClass | undefined {
    for (const schoolClass of this.classes.values()) if (schoolClass.externalId === externalId) return schoolClass;
    return undefined;
  }

  /** Security groups by displayName → member UPNs, sorted. */
  groupSummary(): Record<string, string[]> {
    const name = (id: string) => this.users.get(id)?.userPrincipalName ?? id;
    const result: Record<string, string[]> = {};
    for (const group of [...this.groups.values()].sort((a, b) => a.displayName.localeCompare(b.displayName))) {
      result[group.displayName] = [...group.members].map(name).sort();
    }
    return result;
  }

  /** Readable summary for assertions: externalId → {displayName, teachers, members (by UPN, sorted), team}. */
  summary(): Record<string, { displayName: string; teachers: string[]; members: string[]; team: "none" | "active" | "archived" }> {
    const name = (id: string) => this.users.get(id)?.userPrincipalName ?? id;
    const result: ReturnType<FakeGraphState["summary"]> = {};
    const sorted = [...this.classes.values()].sort((a, b) => String(a.externalId).localeCompare(String(b.externalId)));
    for (const schoolClass of sorted) {
      const team = this.teams.get(schoolClass.id);
      result[schoolClass.externalId ?? schoolClass.id] = {
        displayName: schoolClass.displayName,
        teachers: [...schoolClass.teachers].map(name).sort(),
        members: [...schoolClass.members].map(name).sort(),
        team: team ? (team.isArchived ? "archived" : "active") : "none",
      };
    }
    return result;
  }
}
