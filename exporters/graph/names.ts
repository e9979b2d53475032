/** What a class name template can use. */
export interface ClassNameFields {
  title: string;
  classCode: string | null;
  sourcedId: string;
  schoolName: string;
  termTitle: string | null;
}

/** Fills {field} placeholders; an unknown placeholder is left as written so a typo shows in the name. */
export function renderTemplate(template: string, fields: ClassNameFields): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = (fields as unknown as Record<string, string | null | undefined>)[name];
    return value === undefined ? whole : (value ?? "");
  });
}

/** Graph mailNickname: no spaces or @()\[]";:<>, and at most 64 characters. */
export function toMailNickname(value: string): string {
  const cleaned = value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  return cleaned.slice(0, 64) || "class";
}

/** Graph displayName allows 256 characters. */
export function toDisplayName(value: string): string {
  return value.trim().slice(0, 256);
}
