/**
 * One place per model for its columns: name, BigQuery type, description and whether data_hash covers it. The
 * model's config block takes its `columns` docs from here (`columnDocs`) and its data_hash field list from here
 * (`hashFields`), so the two cannot drift; test/analytics/columns.test.ts checks the built table has exactly these
 * columns with these types.
 *
 * List hashed columns in their hash order: the canonical string follows the list (DESIGN.md §4). A column that only
 * restates hashed values (an alias under the reference's name, a value derived from hashed columns) is declared
 * `{ hashed: false }`: its value is already covered, and adding it leaves every hash unchanged.
 */

const TYPES = ["STRING", "INT64", "FLOAT64", "NUMERIC", "BOOL", "DATE", "TIMESTAMP"];

/** A column: [name, type, description] plus options ({ hashed: false } for columns the hash does not cover). */
function column(name, type, description, options = {}) {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`column name must be snake_case, got "${name}"`);
  if (!TYPES.includes(type)) throw new Error(`column ${name}: type must be one of ${TYPES.join(", ")}, got "${type}"`);
  if (!description) throw new Error(`column ${name}: a description is required`);
  return { name, type, description, hashed: options.hashed !== false };
}

/** The data_hash column itself: never hashed, described from the model's field-list file. */
function dataHashColumn(fieldsFile) {
  return column(
    "data_hash",
    "STRING",
    `First 16 hex chars of SHA-256 over the canonical string of the hashed columns of ${fieldsFile}, in order (DESIGN.md §4).`,
    { hashed: false },
  );
}

function defineColumns(columns) {
  const seen = new Set();
  for (const c of columns) {
    if (seen.has(c.name)) throw new Error(`column ${c.name} is listed twice`);
    seen.add(c.name);
  }
  return {
    COLUMNS: columns,
    /** [column, type] in hash order, for sql.dataHash. */
    HASH_FIELDS: columns.filter((c) => c.hashed).map((c) => [c.name, c.type]),
    /** { column: description }, for the config block's `columns`. */
    COLUMN_DOCS: Object.fromEntries(columns.map((c) => [c.name, c.description])),
  };
}

module.exports = { column, dataHashColumn, defineColumns, TYPES };
