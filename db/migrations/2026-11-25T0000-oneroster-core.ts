import { sql, type Kysely } from "kysely";

/**
 * The canonical OneRoster 1.1 schema (with the OneRoster 1.2 superset columns).
 *
 * Every entity table starts with the same base columns and has (tenant_id, sourced_id) as its key, so every
 * reference is a composite foreign key that stays inside one tenant. Removal is a status, not a DELETE; junction
 * rows cascade only when an explicit purge removes their parent.
 */

const ENTITY_TABLES = [
  "orgs",
  "academic_sessions",
  "courses",
  "classes",
  "users",
  "enrollments",
  "demographics",
  "categories",
  "line_items",
  "results",
  "resources",
  "class_resources",
  "course_resources",
  "user_resources",
] as const;

/** Junction and child tables whose changes are a change of the parent record. */
const CHILD_TABLES: ReadonlyArray<{ table: string; parent: string; column: string }> = [
  { table: "class_terms", parent: "classes", column: "class_sourced_id" },
  { table: "user_orgs", parent: "users", column: "user_sourced_id" },
  { table: "user_agents", parent: "users", column: "user_sourced_id" },
  { table: "user_ids", parent: "users", column: "user_sourced_id" },
  { table: "user_roles", parent: "users", column: "user_sourced_id" },
  { table: "user_profiles", parent: "users", column: "user_sourced_id" },
];

function entity(name: string, columns: string[], constraints: string[] = []): string {
  return `create table ${name} (
    tenant_id text not null,
    sourced_id text not null,
    source_id text not null,
    status text not null default 'active' check (status in ('active', 'tobedeleted')),
    date_last_modified timestamptz(3) not null default now(),
    metadata jsonb,
    ${[...columns, ...constraints].join(",\n    ")},
    primary key (tenant_id, sourced_id),
    -- the tenant is checked through the source, which belongs to exactly one tenant
    foreign key (tenant_id, source_id) references sources (tenant_id, id)
  )`;
}

/** A composite foreign key to another entity of the same tenant. */
function ref(column: string, table: string, onDelete = ""): string {
  return `foreign key (tenant_id, ${column}) references ${table} (tenant_id, sourced_id)${onDelete ? ` on delete ${onDelete}` : ""}`;
}

const USER_ROLES_1_1 = `'administrator','aide','guardian','parent','proctor','relative','student','teacher'`;
const USER_ROLES_1_2 = `${USER_ROLES_1_1},'counselor','districtAdministrator','principal','siteAdministrator','systemAdministrator'`;
const GRADE_LIST = "text[] not null default '{}'";

const statements: string[] = [
  `create table tenants (
    id text primary key check (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    name text not null,
    created_at timestamptz not null default now(),
    metadata jsonb
  )`,
  `create table sources (
    tenant_id text not null references tenants (id) on delete cascade,
    id text not null,
    kind text not null,
    name text,
    created_at timestamptz not null default now(),
    primary key (tenant_id, id)
  )`,

  entity(
    "orgs",
    [
      "name text not null",
      "type text not null check (type in ('department','school','district','local','state','national'))",
      "identifier text",
      "parent_sourced_id text",
    ],
    [ref("parent_sourced_id", "orgs")],
  ),
  entity(
    "academic_sessions",
    [
      "title text not null",
      "type text not null check (type in ('gradingPeriod','semester','schoolYear','term'))",
      "start_date date not null",
      "end_date date not null",
      "parent_sourced_id text",
      "school_year text not null check (school_year ~ '^[0-9]{4}$')",
      // 1.2: the org a session belongs to
      "org_sourced_id text",
    ],
    [ref("parent_sourced_id", "academic_sessions"), ref("org_sourced_id", "orgs"), "check (end_date >= start_date)"],
  ),
  entity(
    "courses",
    [
      "title text not null",
      "school_year_sourced_id text",
      "course_code text",
      `grades ${GRADE_LIST}`,
      `subjects ${GRADE_LIST}`,
      "org_sourced_id text not null",
      `subject_codes ${GRADE_LIST}`,
    ],
    [ref("school_year_sourced_id", "academic_sessions"), ref("org_sourced_id", "orgs")],
  ),
  entity(
    "classes",
    [
      "title text not null",
      "class_code text",
      "class_type text not null check (class_type in ('homeroom','scheduled'))",
      "location text",
      `grades ${GRADE_LIST}`,
      `subjects ${GRADE_LIST}`,
      "course_sourced_id text not null",
      "school_sourced_id text not null",
      `subject_codes ${GRADE_LIST}`,
      `periods ${GRADE_LIST}`,
    ],
    [ref("course_sourced_id", "courses"), ref("school_sourced_id", "orgs")],
  ),
  `create table class_terms (
    tenant_id text not null,
    class_sourced_id text not null,
    term_sourced_id text not null,
    ordinal smallint not null default 0,
    primary key (tenant_id, class_sourced_id, term_sourced_id),
    ${ref("class_sourced_id", "classes", "cascade")},
    ${ref("term_sourced_id", "academic_sessions")}
  )`,
  entity(
    "users",
    [
      "username text not null",
      "enabled_user boolean not null default true",
      "given_name text not null",
      "family_name text not null",
      "middle_name text",
      `role text not null check (role in (${USER_ROLES_1_1}))`,
      "identifier text",
      "email text",
      "sms text",
      "phone text",
      `grades ${GRADE_LIST}`,
      "password text",
      // 1.2 superset
      "preferred_first_name text",
      "preferred_middle_name text",
      "preferred_last_name text",
      "pronouns text",
      "user_master_identifier text",
      "primary_org_sourced_id text",
    ],
    [ref("primary_org_sourced_id", "orgs")],
  ),
  `create table user_orgs (
    tenant_id text not null,
    user_sourced_id text not null,
    org_sourced_id text not null,
    ordinal smallint not null default 0,
    primary key (tenant_id, user_sourced_id, org_sourced_id),
    ${ref("user_sourced_id", "users", "cascade")},
    ${ref("org_sourced_id", "orgs")}
  )`,
  `create table user_agents (
    tenant_id text not null,
    user_sourced_id text not null,
    agent_sourced_id text not null,
    ordinal smallint not null default 0,
    primary key (tenant_id, user_sourced_id, agent_sourced_id),
    ${ref("user_sourced_id", "users", "cascade")},
    ${ref("agent_sourced_id", "users", "cascade")}
  )`,
  `create table user_ids (
    tenant_id text not null,
    user_sourced_id text not null,
    type text not null,
    identifier text not null,
    ordinal smallint not null default 0,
    primary key (tenant_id, user_sourced_id, type, identifier),
    ${ref("user_sourced_id", "users", "cascade")}
  )`,
  `create table user_roles (
    tenant_id text not null,
    user_sourced_id text not null,
    org_sourced_id text not null,
    role text not null check (role in (${USER_ROLES_1_2})),
    role_type text not null check (role_type in ('primary','secondary')),
    user_profile_id text,
    begin_date date,
    end_date date,
    primary key (tenant_id, user_sourced_id, org_sourced_id, role),
    ${ref("user_sourced_id", "users", "cascade")},
    ${ref("org_sourced_id", "orgs")}
  )`,
  `create table user_profiles (
    tenant_id text not null,
    user_sourced_id text not null,
    profile_id text not null,
    profile_type text not null,
    vendor_id text not null,
    application_id text,
    description text,
    credentials jsonb not null default '[]',
    primary key (tenant_id, user_sourced_id, profile_id),
    ${ref("user_sourced_id", "users", "cascade")}
  )`,
  entity(
    "enrollments",
    [
      "class_sourced_id text not null",
      "school_sourced_id text not null",
      "user_sourced_id text not null",
      "role text not null check (role in ('administrator','proctor','student','teacher'))",
      "\"primary\" boolean",
      "begin_date date",
      "end_date date",
    ],
    [ref("class_sourced_id", "classes"), ref("school_sourced_id", "orgs"), ref("user_sourced_id", "users")],
  ),
  entity(
    "demographics",
    [
      "birth_date date",
      "sex text check (sex in ('male','female','other','unspecified'))",
      "american_indian_or_alaska_native boolean",
      "asian boolean",
      "black_or_african_american boolean",
      "native_hawaiian_or_other_pacific_islander boolean",
      "white boolean",
      "demographic_race_two_or_more_races boolean",
      "hispanic_or_latino_ethnicity boolean",
      "country_of_birth_code text",
      "state_of_birth_abbreviation text",
      "city_of_birth text",
      "public_school_residence_status text",
    ],
    // A demographics record carries the sourcedId of the user it describes.
    [ref("sourced_id", "users")],
  ),
  entity("categories", ["title text not null", "weight double precision"]),
  entity(
    "line_items",
    [
      "title text not null",
      "description text",
      "assign_date timestamptz(3) not null",
      "due_date timestamptz(3) not null",
      "class_sourced_id text not null",
      "category_sourced_id text not null",
      "grading_period_sourced_id text not null",
      "result_value_min double precision not null",
      "result_value_max double precision not null",
      // 1.2 superset
      "school_sourced_id text",
    ],
    [
      ref("class_sourced_id", "classes"),
      ref("category_sourced_id", "categories"),
      ref("grading_period_sourced_id", "academic_sessions"),
      ref("school_sourced_id", "orgs"),
    ],
  ),
  entity(
    "results",
    [
      "line_item_sourced_id text not null",
      "student_sourced_id text not null",
      "score_status text not null check (score_status in ('exempt','fully graded','not submitted','partially graded','submitted'))",
      "score double precision not null",
      "score_date date not null",
      "comment text",
      // 1.2 superset
      "text_score text",
    ],
    [ref("line_item_sourced_id", "line_items"), ref("student_sourced_id", "users")],
  ),
  entity("resources", [
    "title text",
    `roles ${GRADE_LIST}`,
    "importance text check (importance in ('primary','secondary'))",
    "vendor_resource_id text not null",
    "vendor_id text",
    "application_id text",
  ]),
  entity(
    "class_resources",
    ["title text", "class_sourced_id text not null", "resource_sourced_id text not null"],
    [ref("class_sourced_id", "classes"), ref("resource_sourced_id", "resources")],
  ),
  entity(
    "course_resources",
    ["title text", "course_sourced_id text not null", "resource_sourced_id text not null"],
    [ref("course_sourced_id", "courses"), ref("resource_sourced_id", "resources")],
  ),
  entity(
    "user_resources",
    ["title text", "user_sourced_id text not null", "resource_sourced_id text not null"],
    [ref("user_sourced_id", "users"), ref("resource_sourced_id", "resources")],
  ),

  // dateLastModified belongs to the database: it moves on a real change of the row and stays on a no-op update.
  // An UPDATE that sets it explicitly (the parent touch below) keeps the value it was given.
  `create function oneroster_touch() returns trigger language plpgsql as $$
  begin
    if new.date_last_modified is not distinct from old.date_last_modified
       and row(new.*) is distinct from row(old.*) then
      new.date_last_modified := now();
    end if;
    return new;
  end $$`,
  // A change of a junction or child row (a class's terms, a user's orgs, agents, ids …) is a change of its parent.
  // Statement-level with transition tables, so a batch of thousands of rows costs one UPDATE; rows whose stamp is
  // already this transaction's (just inserted) are left alone.
  `create function oneroster_touch_parent() returns trigger language plpgsql as $$
  declare
    changed text;
  begin
    changed := case tg_op
      when 'INSERT' then 'select tenant_id, %2$I as id from new_rows'
      when 'DELETE' then 'select tenant_id, %2$I as id from old_rows'
      -- an UPDATE touches the parents of rows that really differ, before or after
      else 'select tenant_id, %2$I as id from (select * from new_rows except all select * from old_rows) as n '
        || 'union select tenant_id, %2$I from (select * from old_rows except all select * from new_rows) as o'
    end;
    execute format(
      'update %1$I p set date_last_modified = now() from (' || changed || ') c '
      || 'where p.tenant_id = c.tenant_id and p.sourced_id = c.id and p.date_last_modified <> now()::timestamptz(3)',
      tg_argv[0], tg_argv[1]);
    return null;
  end $$`,
  ...ENTITY_TABLES.map(
    (t) => `create trigger ${t}_touch before update on ${t} for each row execute function oneroster_touch()`,
  ),
  ...CHILD_TABLES.flatMap(({ table, parent, column }) => [
    `create trigger ${table}_touch_insert after insert on ${table} referencing new table as new_rows
       for each statement execute function oneroster_touch_parent('${parent}', '${column}')`,
    `create trigger ${table}_touch_delete after delete on ${table} referencing old table as old_rows
       for each statement execute function oneroster_touch_parent('${parent}', '${column}')`,
    `create trigger ${table}_touch_update after update on ${table} referencing old table as old_rows new table as new_rows
       for each statement execute function oneroster_touch_parent('${parent}', '${column}')`,
  ]),

  // Delta reads (dateLastModified > t), status filters, per-source diffs on every entity.
  ...ENTITY_TABLES.flatMap((t) => [
    `create index ${t}_modified on ${t} (tenant_id, date_last_modified)`,
    `create index ${t}_status on ${t} (tenant_id, status)`,
    `create index ${t}_source on ${t} (tenant_id, source_id)`,
  ]),
  // Foreign keys used by the nested endpoints and by typed collections.
  "create index orgs_parent on orgs (tenant_id, parent_sourced_id)",
  "create index orgs_type on orgs (tenant_id, type)",
  "create index academic_sessions_parent on academic_sessions (tenant_id, parent_sourced_id)",
  "create index academic_sessions_type on academic_sessions (tenant_id, type)",
  "create index courses_org on courses (tenant_id, org_sourced_id)",
  "create index courses_school_year on courses (tenant_id, school_year_sourced_id)",
  "create index classes_course on classes (tenant_id, course_sourced_id)",
  "create index classes_school on classes (tenant_id, school_sourced_id)",
  "create index class_terms_term on class_terms (tenant_id, term_sourced_id)",
  "create index users_role on users (tenant_id, role)",
  "create index user_orgs_org on user_orgs (tenant_id, org_sourced_id)",
  "create index user_agents_agent on user_agents (tenant_id, agent_sourced_id)",
  "create index user_ids_identifier on user_ids (tenant_id, type, identifier)",
  "create index user_roles_org on user_roles (tenant_id, org_sourced_id)",
  "create index enrollments_class on enrollments (tenant_id, class_sourced_id)",
  "create index enrollments_user on enrollments (tenant_id, user_sourced_id)",
  "create index enrollments_school on enrollments (tenant_id, school_sourced_id)",
  "create index line_items_class on line_items (tenant_id, class_sourced_id)",
  "create index line_items_category on line_items (tenant_id, category_sourced_id)",
  "create index line_items_grading_period on line_items (tenant_id, grading_period_sourced_id)",
  "create index results_line_item on results (tenant_id, line_item_sourced_id)",
  "create index results_student on results (tenant_id, student_sourced_id)",
  "create index class_resources_class on class_resources (tenant_id, class_sourced_id)",
  "create index class_resources_resource on class_resources (tenant_id, resource_sourced_id)",
  "create index course_resources_course on course_resources (tenant_id, course_sourced_id)",
  "create index course_resources_resource on course_resources (tenant_id, resource_sourced_id)",
  "create index user_resources_user on user_resources (tenant_id, user_sourced_id)",
  "create index user_resources_resource on user_resources (tenant_id, resource_sourced_id)",

  `insert into tenants (id, name) values ('default', 'Default school owner')`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = [...ENTITY_TABLES, ...CHILD_TABLES.map((c) => c.table), "sources", "tenants"];
  for (const t of tables) await sql.raw(`drop table if exists ${t} cascade`).execute(db);
  await sql.raw("drop function if exists oneroster_touch_parent(), oneroster_touch() cascade").execute(db);
}
