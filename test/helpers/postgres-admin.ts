import pg from "pg";

/** Runs one statement (create / drop database) on a connection of its own, closed again whatever happens. */
export async function adminStatement(connectionString: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
