/**
 * An edit's SET list: the columns the patch names (undefined: left as it is; null: cleared), each
 * value a parameter after the ones the statement already uses. Column names come from the core's
 * own EDITABLE lists, never from the request.
 */
export function setClause<K extends string>(input: Partial<Record<K, unknown>>, columns: readonly K[], values: unknown[]): string[] {
  const sets: string[] = [];
  for (const column of columns) {
    if (input[column] === undefined) continue;
    values.push(input[column]);
    sets.push(`${column} = $${values.length}`);
  }
  return sets;
}
