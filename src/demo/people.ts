import { Faker, base, en, sv } from "@faker-js/faker";
import type { Insertable } from "kysely";
import type { UserRole, UsersTable } from "../../db/schema.ts";
import type { Random } from "./random.ts";

export const STUDENT_DOMAIN = "elev.exempelby.se";
export const STAFF_DOMAIN = "exempelby.se";
const GUARDIAN_DOMAINS = ["gmail.com", "hotmail.com", "outlook.com", "telia.com", "icloud.com"] as const;

export type Sex = "male" | "female";

/** Lowercase ASCII for usernames: å/ä → a, ö → o, accents dropped, anything else removed. */
function ascii(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z]/g, "");
}

/** Swedish names and contact details. Usernames are unique by construction: a running number, no lookup set. */
export class People {
  readonly #faker: Faker;
  readonly #random: Random;
  #counter = 0;

  constructor(seed: number, random: Random) {
    this.#faker = new Faker({ locale: [sv, en, base] });
    this.#faker.seed(seed);
    this.#random = random;
  }

  sex(): Sex {
    return this.#random.chance(0.5) ? "female" : "male";
  }

  givenName(sex: Sex): string {
    return this.#faker.person.firstName(sex);
  }

  familyName(): string {
    return this.#faker.person.lastName();
  }

  mobile(): string {
    return `+467${this.#random.pick(["0", "2", "3", "6"])}${this.#random.digits(7)}`;
  }

  /** A user row with username and e-mail; the caller adds role-specific columns. */
  user(
    base: { tenant_id: string; source_id: string; sourced_id: string; primary_org_sourced_id: string },
    role: UserRole,
    givenName: string,
    familyName: string,
  ): Insertable<UsersTable> {
    const number = (++this.#counter).toString(36).padStart(4, "0");
    const local = `${ascii(givenName).slice(0, 3)}${ascii(familyName).slice(0, 3)}${number}`;
    const staff = role !== "student" && role !== "guardian";
    const email =
      role === "guardian"
        ? `${ascii(givenName)}.${ascii(familyName)}${number}@${this.#random.pick(GUARDIAN_DOMAINS)}`
        : `${local}@${staff ? STAFF_DOMAIN : STUDENT_DOMAIN}`;
    return {
      ...base,
      username: role === "guardian" ? email : local,
      given_name: givenName,
      family_name: familyName,
      role,
      email,
      enabled_user: true,
      identifier: role === "guardian" ? null : `${staff ? "P" : "E"}${String(this.#counter).padStart(7, "0")}`,
      phone: role === "student" ? null : this.mobile(),
      sms: role === "guardian" ? this.mobile() : null,
    };
  }
}
