/** Cell text of the binding's value types; null is an empty cell. Dates and lists arrive as text from SQL. */
export const text = (value: string | null): string => value ?? "";

export const bool = (value: boolean | null): string => (value === null ? "" : value ? "true" : "false");

export const num = (value: number | null): string => (value === null ? "" : String(value));
