import { child, children, descendants, textAt, type ImsElement } from "./element.ts";
import { ImsFileError } from "./errors.ts";

/** 1 add, 2 update, 3 delete; absent = add or update. */
export type RecStatus = 1 | 2 | 3 | undefined;

export interface ImsUserId {
  type: string;
  value: string;
}

export interface ImsPerson {
  id: string;
  recstatus: RecStatus;
  userIds: ImsUserId[];
  fn?: string | undefined;
  given?: string | undefined;
  family?: string | undefined;
  middle?: string | undefined;
  /** Tieto: emailworkschool; plain: email. */
  schoolEmail?: string | undefined;
  homeEmail?: string | undefined;
  mobile?: string | undefined;
  phone?: string | undefined;
  institutionRoles: string[];
  /** Tieto extension/privacy: true (levels 1–3) = protected identity. */
  protectedIdentity: boolean;
  /** Tieto extension/status: Deceased or Emigrated. */
  inactive: boolean;
  birthDate?: string | undefined;
  gender?: string | undefined;
}

export interface ImsGroup {
  id: string;
  recstatus: RecStatus;
  typeValues: string[];
  name: string;
  longName?: string | undefined;
  begin?: string | undefined;
  end?: string | undefined;
  /** Parents by IMS `<relationship relation="1">`. */
  parentIds: string[];
  orgId?: string | undefined;
  orgName?: string | undefined;
  /** Tieto group extension. */
  unitId?: string | undefined;
  courseCodes: string[];
  schoolTypes: string[];
}

export interface ImsActivity {
  subjectCode?: string | undefined;
  courseCode?: string | undefined;
  cancelled: boolean;
  begin?: string | undefined;
  end?: string | undefined;
}

export interface ImsRole {
  roleType: string;
  recstatus: RecStatus;
  /** status 0 / Inactive. */
  inactive: boolean;
  begin?: string | undefined;
  end?: string | undefined;
  activities: ImsActivity[];
  /** Skolenhetskoder of placements and responsibilities. */
  schoolUnitCodes: string[];
  schoolYears: string[];
}

export interface ImsMember {
  id: string;
  kind: "person" | "group";
  roles: ImsRole[];
}

export interface ImsMembership {
  groupId: string;
  complete: boolean;
  members: ImsMember[];
}

export interface ImsProperties {
  type?: string | undefined;
  schoolType?: string | undefined;
  datasource?: string | undefined;
}

/** Turns a record element into a typed record; a missing required element is an ImsFileError with its XPath. */
export class ImsRecordReader {
  constructor(readonly file: string) {}

  #required(element: ImsElement, ...names: string[]): string {
    const value = textAt(element, ...names);
    if (value === undefined) throw new ImsFileError(this.file, element.line, `${element.path}/${names.join("/")}`, "required element missing or empty");
    return value;
  }

  #recstatus(element: ImsElement): RecStatus {
    const value = element.attrs.recstatus;
    if (value === undefined || value === "") return undefined;
    if (value === "1" || value === "2" || value === "3") return Number(value) as 1 | 2 | 3;
    throw new ImsFileError(this.file, element.line, `${element.path}/@recstatus`, `"${value}" is not 1, 2 or 3`);
  }

  /** The first sourcedid's id (ids are trimmed: plain exports pad them with spaces). */
  #sourcedId(element: ImsElement): string {
    const sourcedid = child(element, "sourcedid");
    if (!sourcedid) throw new ImsFileError(this.file, element.line, `${element.path}/sourcedid`, "required element missing");
    return this.#required(sourcedid, "id");
  }

  properties(element: ImsElement): ImsProperties {
    return { type: textAt(element, "type"), schoolType: textAt(element, "schooltype"), datasource: textAt(element, "datasource") };
  }

  person(element: ImsElement): ImsPerson {
    const name = child(element, "name");
    const n = name && child(name, "n");
    const extension = child(element, "extension");
    const privacy = extension && child(extension, "privacy");
    const tels = children(element, "tel");
    const tel = (types: string[]) => tels.find((t) => types.includes(t.attrs.teltype ?? ""))?.text || undefined;
    const middle = n && children(n, "partname").find((p) => (p.attrs.partnametype ?? "").toLowerCase() === "middle")?.text;
    return {
      id: this.#sourcedId(element),
      recstatus: this.#recstatus(element),
      userIds: children(element, "userid").filter((u) => u.text !== "").map((u) => ({ type: u.attrs.useridtype ?? "", value: u.text })),
      fn: name && textAt(name, "fn"),
      given: n && textAt(n, "given"),
      family: n && textAt(n, "family"),
      middle: middle || undefined,
      schoolEmail: textAt(element, "emailworkschool") ?? textAt(element, "email"),
      homeEmail: textAt(element, "emailhome"),
      mobile: tel(["3", "Mobile"]),
      phone: tel(["1", "Voice", "Work"]),
      institutionRoles: children(element, "institutionrole").map((r) => r.attrs.institutionroletype ?? "").filter(Boolean),
      protectedIdentity: privacy !== undefined && privacy.text.toLowerCase() !== "false" && privacy.text !== "0",
      inactive: ["Deceased", "Emigrated"].includes(extension ? (textAt(extension, "status") ?? "") : ""),
      birthDate: textAt(element, "demographics", "bday"),
      gender: textAt(element, "demographics", "gender"),
    };
  }

  group(element: ImsElement): ImsGroup {
    const timeframe = child(element, "timeframe");
    const extension = child(element, "extension");
    return {
      id: this.#sourcedId(element),
      recstatus: this.#recstatus(element),
      typeValues: children(element, "grouptype").flatMap((t) => children(t, "typevalue").map((v) => v.text)).filter(Boolean),
      name: this.#required(element, "description", "short"),
      longName: textAt(element, "description", "long"),
      begin: timeframe && dateOf(textAt(timeframe, "begin")),
      end: timeframe && dateOf(textAt(timeframe, "end")),
      parentIds: children(element, "relationship")
        .filter((r) => (r.attrs.relation ?? "1") === "1")
        .map((r) => textAt(r, "sourcedid", "id"))
        .filter((id) => id !== undefined),
      orgId: textAt(element, "org", "id"),
      orgName: textAt(element, "org", "orgname"),
      unitId: extension && textAt(extension, "id"),
      courseCodes: extension ? children(extension, "course").map((c) => textAt(c, "coursecode")).filter((c) => c !== undefined) : [],
      schoolTypes: extension ? children(extension, "schooltype").map((s) => s.text).filter(Boolean) : [],
    };
  }

  membership(element: ImsElement): ImsMembership {
    const members = children(element, "member");
    if (members.length === 0) throw new ImsFileError(this.file, element.line, `${element.path}/member`, "required element missing: a membership names at least one member");
    return {
      groupId: this.#sourcedId(element),
      complete: element.attrs.complete === "true" || element.attrs.complete === "1",
      members: members.map((member) => this.#member(member)),
    };
  }

  #member(element: ImsElement): ImsMember {
    const idtype = child(element, "idtype");
    if (!idtype) throw new ImsFileError(this.file, element.line, `${element.path}/idtype`, "required element missing");
    // Tieto writes the type as text (Person/Group); IMS 1.1 as an attribute (idtype="1"/"2").
    const raw = (idtype.text || idtype.attrs.idtype || "").toLowerCase();
    const kind = raw === "1" || raw === "person" ? "person" : raw === "2" || raw === "group" ? "group" : undefined;
    if (!kind) throw new ImsFileError(this.file, idtype.line, idtype.path, `"${raw}" is neither a person (1, Person) nor a group (2, Group)`);
    const roles = children(element, "role");
    if (roles.length === 0) throw new ImsFileError(this.file, element.line, `${element.path}/role`, "required element missing");
    return { id: this.#sourcedId(element), kind, roles: roles.map((role) => this.#role(role)) };
  }

  #role(element: ImsElement): ImsRole {
    const roleType = element.attrs.roletype;
    if (!roleType) throw new ImsFileError(this.file, element.line, `${element.path}/@roletype`, "required attribute missing");
    const status = textAt(element, "status")?.toLowerCase();
    const timeframe = child(element, "timeframe");
    const extension = child(element, "extension");
    const codes = extension ? [...descendants(extension, "schoolunitcode")].map((c) => c.text).filter(Boolean) : [];
    return {
      roleType,
      recstatus: this.#recstatus(element),
      inactive: status === "0" || status === "inactive",
      begin: timeframe && dateOf(textAt(timeframe, "begin")),
      end: timeframe && dateOf(textAt(timeframe, "end")),
      activities: extension
        ? children(extension, "activity").map((a) => ({
            subjectCode: textAt(a, "subjectcode"),
            courseCode: textAt(a, "coursecode"),
            cancelled: textAt(a, "cancelled") === "true",
            begin: dateOf(textAt(a, "begin")),
            end: dateOf(textAt(a, "end")),
          }))
        : [],
      schoolUnitCodes: [...new Set(codes)],
      schoolYears: extension ? children(extension, "placement").map((p) => textAt(p, "schoolyear")).filter((y) => y !== undefined) : [],
    };
  }
}

/** YYYY-MM-DD from a date or date-time; anything else is no date. */
function dateOf(value: string | undefined): string | undefined {
  const match = value && /^(\d{4}-\d{2}-\d{2})/.exec(value);
  return match ? match[1] : undefined;
}
