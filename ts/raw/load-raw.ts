import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Logger } from "../config/logger.ts";
import { openRawStore } from "../config/runtime.ts";
import type { Warehouse } from "../engine/warehouse.ts";
import { readCsvRecords } from "./csv-records.ts";
import type { PayloadKind, RawRow } from "./payload-kind.ts";
import { detectPayloadKind, payloadKind } from "./payload-kinds.ts";
import { DEFAULT_MAX_FILE_BYTES, decodePayload, WholeFileError } from "./payload-text.ts";
import { describeRejection, Quarantine, type RecordIssue, type Rejection } from "./quarantine.ts";
import type { RawStore, RawStoreSession } from "./raw-store.ts";
import { parsedColumns, type RawTableSpec, rawTable } from "./raw-tables.ts";
import { loadReferenceContext, type ReferenceContext } from "./reference-context.ts";

export interface RawLoadOptions {
  /** Target schema is `<datasetPrefix>nba_raw` (config.datasetPrefix). */
  datasetPrefix: string;
  /** Root of the quarantine area (config.quarantineDir). */
  quarantineDir: string;
  /** Files under this directory are named by their path relative to it (config.dataDir); others by absolute path. */
  dataDir?: string;
  /** Parse every file as this payload kind instead of detecting the kind from the path. */
  kind?: string;
  logger?: Logger;
  /** Replace a file's rows even when the new version has less than half of them (default: refuse). */
  allowShrink?: boolean;
  /** Largest decompressed size of one file or payload (config.limits.maxFileBytes). */
  maxFileBytes?: number;
  /** Scrubs secrets from every text the loader writes (errors, quarantine files); see ts/config/redact.ts. */
  redact?: (text: string) => string;
  /** Called after each file (progress bars). */
  onFileDone?: (result: FileLoadResult, done: number, total: number) => void;
}

/**
 * loaded: the file's rows were replaced; unchanged: this version was already loaded (nothing written); duplicate:
 * the same bytes are already loaded under another name (nothing written); failed: whole file rejected.
 */
export type FileLoadStatus = "loaded" | "unchanged" | "duplicate" | "failed";

export interface FileLoadResult {
  sourceFile: string;
  kind: string | null;
  table: string | null;
  status: FileLoadStatus;
  sourceHash: string | null;
  /** Data records read from the file (header excluded); 0 when unchanged or unreadable. */
  rowsRead: number;
  /** Rows this call wrote (0 when unchanged or failed). */
  rowsLoaded: number;
  rowsRejected: number;
  /** Rows of an earlier version of the file that this load deleted. */
  rowsReplaced: number;
  /** Rows of other files that lost their natural key to this file's rows (now in nba_raw.superseded_rows). */
  rowsDisplaced: number;
  /** Superseded rows of other files restored because this version no longer holds their key. */
  rowsRestored: number;
  /** status duplicate: the file already loaded with the same content. */
  duplicateOf?: string;
  /** One line per problem, `file:line: field F: message` (at most 20; the quarantine files hold all). */
  errors: string[];
  quarantined: string[];
}

export interface TableLoadSummary {
  table: string;
  files: number;
  loaded: number;
  unchanged: number;
  failed: number;
  duplicate: number;
  rowsLoaded: number;
  rowsRejected: number;
  /** Rows of earlier loads moved to nba_raw.superseded_rows because a file of this load holds their key now. */
  rowsSuperseded: number;
  /** Rows in the table after the load. */
  rowsInTable: number;
}

export interface RawLoadSummary {
  files: FileLoadResult[];
  tables: TableLoadSummary[];
  /** False when any file failed or any record was rejected. */
  ok: boolean;
}

/** An in-memory payload, e.g. what a scraper fetched: its kind, a logical name (its archive path) and its bytes. */
export interface RawPayload {
  kind: string;
  sourceName: string;
  content: Buffer;
}

const MAX_ERRORS_KEPT = 20;
/** A new version with fewer than this share of the rows the loaded version has is refused unless allowShrink. */
export const SHRINK_REFUSAL_SHARE = 0.5;
/** Tables whose contents feed the resolvers; loading one refreshes the reference context. */
const REFERENCE_TABLES = new Set(["team_crosswalk", "player_aliases", "player_box_scores"]);

/**
 * The one path into nba_raw for files. Each file's kind is detected from its path (or forced with options.kind);
 * files load one by one in dependency order (team crosswalk and aliases, then box scores, then the rest, then
 * name-resolved props). Per file: an already loaded version (same SHA-256) is skipped; otherwise its earlier rows
 * are replaced in one transaction by the valid rows (one set-based INSERT); rejected records go to the quarantine
 * area with file, line, field and reason; an unreadable file is quarantined whole and its earlier rows are kept.
 * Never throws for bad data: problems are in the returned summary (`ok` false).
 */
export async function loadRawFiles(
  warehouse: Warehouse,
  files: readonly string[],
  options: RawLoadOptions,
): Promise<RawLoadSummary> {
  const store = openRawStore(warehouse, options.datasetPrefix);
  await store.ensureTables();
  const forced = options.kind ? payloadKind(options.kind) : undefined;
  const planned = files
    .map((file) => ({ file, kind: forced ?? detectPayloadKind(path.resolve(file)) }))
    .sort((a, b) => (a.kind?.loadOrder ?? -1) - (b.kind?.loadOrder ?? -1) || a.file.localeCompare(b.file));
  const loader = new FileLoader(store, options);
  const results: FileLoadResult[] = [];
  for (const { file, kind } of planned) {
    const sourceFile = logicalSourceName(file, options.dataDir);
    const result = kind ? await loader.loadFile(kind, sourceFile, file) : unrecognised(sourceFile);
    results.push(result);
    options.onFileDone?.(result, results.length, planned.length);
  }
  return summarise(store, results);
}

/**
 * Loads one in-memory payload (e.g. a scraped response) through the same validation, quarantine and idempotency
 * as files. `sourceName` plays the role of the file name: a later payload with the same name replaces its rows.
 */
export async function loadRawPayload(
  warehouse: Warehouse,
  payload: RawPayload,
  options: RawLoadOptions,
): Promise<FileLoadResult> {
  const store = openRawStore(warehouse, options.datasetPrefix);
  await ensureRawTablesOnce(warehouse, options.datasetPrefix, store);
  return new FileLoader(store, options).loadContent(payloadKind(payload.kind), payload.sourceName, payload.content);
}

const ensured = new WeakMap<Warehouse, Set<string>>();

/** Scrapers load one payload at a time: check the raw tables once per warehouse and prefix, not per payload. */
async function ensureRawTablesOnce(warehouse: Warehouse, datasetPrefix: string, store: RawStore): Promise<void> {
  const done = ensured.get(warehouse) ?? new Set<string>();
  if (done.has(datasetPrefix)) return;
  await store.ensureTables();
  ensured.set(warehouse, done.add(datasetPrefix));
}

/** The name rows carry in source_file: the path relative to dataDir when inside it, else the absolute path (posix). */
export function logicalSourceName(file: string, dataDir?: string): string {
  const absolute = path.resolve(file);
  if (dataDir) {
    const relative = path.relative(path.resolve(dataDir), absolute);
    if (relative && !relative.startsWith("..") && !path.isAbsolute(relative)) return relative.split(path.sep).join("/");
  }
  return absolute.split(path.sep).join("/");
}

/** Every data file under dataDir (recursively), skipping dot-files and Markdown notes; sorted. */
export function listDataFiles(dataDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && !entry.name.endsWith(".md")) found.push(full);
    }
  };
  walk(dataDir);
  return found.sort();
}

class FileLoader {
  private context: ReferenceContext | undefined;
  private readonly quarantine: Quarantine;

  constructor(
    private readonly store: RawStore,
    private readonly options: RawLoadOptions,
  ) {
    this.quarantine = new Quarantine(options.quarantineDir, options.redact);
  }

  async loadFile(kind: PayloadKind, sourceFile: string, file: string): Promise<FileLoadResult> {
    let content: Buffer;
    try {
      content = fs.readFileSync(file);
    } catch (error) {
      return {
        ...emptyResult(sourceFile, kind, null),
        status: "failed",
        errors: [`${sourceFile}: cannot read file: ${(error as Error).message}`],
      };
    }
    return this.loadContent(kind, sourceFile, content);
  }

  async loadContent(kind: PayloadKind, sourceFile: string, content: Buffer): Promise<FileLoadResult> {
    const { logger } = this.options;
    const spec = rawTable(kind.table);
    const sourceHash = createHash("sha256").update(content).digest("hex");
    const result = emptyResult(sourceFile, kind, sourceHash);
    if (await this.store.isAlreadyLoaded(kind.table, sourceFile, sourceHash)) {
      logger?.debug({ sourceFile, table: kind.table }, "unchanged, skipped");
      return { ...result, status: "unchanged" };
    }
    let parsed: ParsedFile;
    try {
      parsed = await this.parse(kind, spec, sourceFile, content);
    } catch (error) {
      if (!(error instanceof WholeFileError)) throw error;
      return this.fail(result, content, error.message);
    }
    result.rowsRead = parsed.rowsRead;
    result.rowsRejected = parsed.rejections.length;
    result.errors = parsed.rejections
      .slice(0, MAX_ERRORS_KEPT)
      .map((r) => this.redact(describeRejection(sourceFile, r)));
    if (parsed.rows.length === 0 && parsed.rejections.length > 0) {
      const failed = await this.fail(result, content, `every record was rejected; first: ${result.errors[0]}`);
      failed.quarantined.push(this.quarantine.writeRejections(kind.table, sourceFile, parsed.rejections));
      return failed;
    }
    if (parsed.rows.length > 0) {
      const duplicateOf = await this.store.sameContentLoadedAs(kind.table, sourceFile, sourceHash);
      if (duplicateOf) {
        logger?.warn({ sourceFile, duplicateOf }, "identical content already loaded under another name: skipped");
        return { ...result, status: "duplicate", rowsRead: 0, rowsRejected: 0, errors: [], duplicateOf };
      }
    }
    const held = await this.store.rowsOfFile(kind.table, sourceFile);
    if (!this.options.allowShrink && held.total > 0 && parsed.rows.length < held.total * SHRINK_REFUSAL_SHARE) {
      return this.fail(
        result,
        content,
        `has ${parsed.rows.length} valid rows where the loaded version has ${held.total}: a version that drops most of its rows is refused ` +
          `(the earlier rows are kept; pass --allow-shrink to replace them)`,
      );
    }
    // The quarantine is written before the rows commit, so no failure after this point can lose a rejected record.
    this.quarantine.clear(kind.table, sourceFile);
    if (parsed.rejections.length > 0) {
      result.quarantined.push(this.quarantine.writeRejections(kind.table, sourceFile, parsed.rejections));
      logger?.warn(
        { sourceFile, rejected: parsed.rejections.length, first: result.errors[0] },
        "records rejected and quarantined",
      );
    }
    const loadedAt = new Date().toISOString();
    await this.store.stageRows(spec, parsed.rows);
    const changes = await this.store.transaction(async (session) => {
      const before = await session.tableRowCount(kind.table);
      const written = await session.replaceFileRows(spec, { sourceFile, sourceHash, loadedAt }, parsed.rows);
      await checkAccounting(session, kind.table, sourceFile, { parsed, before, heldBefore: held.total });
      await session.recordLoad({
        sourceFile,
        table: kind.table,
        kind: kind.name,
        sourceHash,
        status: "loaded",
        rowsLoaded: parsed.rows.length,
        rowsRejected: parsed.rejections.length,
        message: result.errors[0] ?? null,
        loadedAt,
      });
      return written;
    });
    if (REFERENCE_TABLES.has(kind.table)) this.context = undefined;
    logger?.debug({ sourceFile, table: kind.table, rows: parsed.rows.length, ...changes }, "loaded");
    return {
      ...result,
      status: "loaded",
      rowsLoaded: parsed.rows.length,
      rowsReplaced: changes.replaced,
      rowsDisplaced: changes.displaced,
      rowsRestored: changes.restored,
    };
  }

  private redact(text: string): string {
    return this.options.redact ? this.options.redact(text) : text;
  }

  private async fail(result: FileLoadResult, content: Buffer, reason: string): Promise<FileLoadResult> {
    let message = reason;
    const { logger } = this.options;
    const table = result.table!;
    this.quarantine.clear(table, result.sourceFile);
    const quarantined = this.quarantine.writeFileFailure(table, result.sourceFile, content, message);
    message = this.redact(message);
    const kept = (await this.store.rowsOfFile(table, result.sourceFile)).total;
    await this.store.recordLoad({
      sourceFile: result.sourceFile,
      table,
      kind: result.kind!,
      sourceHash: result.sourceHash!,
      status: "failed",
      rowsLoaded: kept,
      rowsRejected: result.rowsRejected,
      message,
      loadedAt: new Date().toISOString(),
    });
    logger?.error({ sourceFile: result.sourceFile, table, reason: message }, "file rejected and quarantined");
    return {
      ...result,
      status: "failed",
      rowsLoaded: 0,
      errors: [`${result.sourceFile}: ${message}`, ...result.errors],
      quarantined: [...result.quarantined, ...quarantined],
    };
  }

  private async referenceContext(kind: PayloadKind): Promise<ReferenceContext> {
    this.context ??= await loadReferenceContext(this.store);
    if (kind.needs.includes("teams") && this.context.teams.isEmpty) {
      throw new WholeFileError(
        "nba_raw.team_crosswalk is empty: load reference/team_crosswalk.csv first (nba-props import does)",
      );
    }
    if (kind.needs.includes("players") && this.context.players.registrySize === 0) {
      throw new WholeFileError(
        "no NBA players to resolve names against: load player_box_scores (and reference/prop_player_aliases.csv) first (nba-props import does)",
      );
    }
    return this.context;
  }

  private async parse(kind: PayloadKind, spec: RawTableSpec, sourceFile: string, content: Buffer): Promise<ParsedFile> {
    const text = decodePayload(
      content,
      sourceFile.endsWith(".gz"),
      this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    );
    const context = await this.referenceContext(kind);
    const expectedColumns = parsedColumns(spec);
    const firstLineOfKey = new Map<string, number>();
    const parsed: ParsedFile = { rows: [], rejections: [], rowsRead: 0 };
    for (const { line, record, shapeError } of readCsvRecords(text, kind.columns)) {
      parsed.rowsRead += 1;
      const issues: RecordIssue[] = shapeError ? [{ field: "", message: shapeError }] : [];
      const row = shapeError
        ? null
        : kind.parse(record, { ...context, reject: (field, message) => issues.push({ field, message }) });
      if (row && spec.key) {
        const key = JSON.stringify(spec.key.map((c) => row[c]));
        const first = firstLineOfKey.get(key);
        if (first === undefined) firstLineOfKey.set(key, line);
        else {
          issues.push({
            field: spec.key.join("+"),
            message: `duplicate key (${spec.key.join(", ")}) = (${spec.key.map((c) => String(row[c])).join(", ")}): already at line ${first}`,
          });
        }
      }
      if (row && issues.length === 0) {
        if (parsed.rows.length === 0) assertRowShape(kind, expectedColumns, row);
        parsed.rows.push({ ...row, source_line: line });
      } else {
        parsed.rejections.push({ line, issues: issues.length ? issues : [{ field: "", message: "rejected" }], record });
      }
    }
    return parsed;
  }
}

interface ParsedFile {
  rows: RawRow[];
  rejections: Rejection[];
  rowsRead: number;
}

/** A parser that does not produce exactly its table's columns is a bug in this repository, not bad data. */
function assertRowShape(kind: PayloadKind, expected: readonly string[], row: RawRow): void {
  const produced = Object.keys(row);
  const missing = expected.filter((c) => !produced.includes(c));
  const extra = produced.filter((c) => !expected.includes(c));
  if (missing.length || extra.length) {
    throw new Error(
      `payload kind ${kind.name} does not produce the columns of ${kind.table}: missing [${missing}] extra [${extra}]`,
    );
  }
}

function emptyResult(sourceFile: string, kind: PayloadKind, sourceHash: string | null): FileLoadResult {
  return {
    sourceFile,
    kind: kind.name,
    table: kind.table,
    status: "loaded",
    sourceHash,
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    rowsReplaced: 0,
    rowsDisplaced: 0,
    rowsRestored: 0,
    errors: [],
    quarantined: [],
  };
}

/** A load that does not account for every record and every earlier row is a bug: roll it back. */
export class AccountingError extends Error {
  override name = "AccountingError";
}

/**
 * Checked inside the load's transaction, before it commits: records read = rows loaded + rejected (+ superseded:
 * none, the rows of the latest load win their keys), every loaded row is in the table, and the table plus its
 * superseded rows changed by exactly (rows loaded - rows of the earlier version): no other file lost a row.
 */
async function checkAccounting(
  session: RawStoreSession,
  table: string,
  sourceFile: string,
  counts: { parsed: ParsedFile; before: number; heldBefore: number },
): Promise<void> {
  const { parsed, before, heldBefore } = counts;
  const problems: string[] = [];
  if (parsed.rowsRead !== parsed.rows.length + parsed.rejections.length) {
    problems.push(
      `${parsed.rowsRead} records read but ${parsed.rows.length} loaded + ${parsed.rejections.length} rejected`,
    );
  }
  const held = await session.rowsOfFile(table, sourceFile);
  if (held.inTable !== parsed.rows.length || held.superseded !== 0) {
    problems.push(
      `${parsed.rows.length} rows loaded but ${held.inTable} in the table and ${held.superseded} superseded`,
    );
  }
  const after = await session.tableRowCount(table);
  if (after !== before - heldBefore + parsed.rows.length) {
    problems.push(
      `table + superseded rows went from ${before} to ${after}, expected ${before - heldBefore + parsed.rows.length}`,
    );
  }
  if (problems.length > 0)
    throw new AccountingError(
      `${sourceFile}: the load does not account for every row (rolled back): ${problems.join("; ")}`,
    );
}

function unrecognised(sourceFile: string): FileLoadResult {
  return {
    sourceFile,
    kind: null,
    table: null,
    status: "failed",
    sourceHash: null,
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    rowsReplaced: 0,
    rowsDisplaced: 0,
    rowsRestored: 0,
    errors: [
      `${sourceFile}: no payload kind matches this path (expected e.g. player_box_scores/<season>.csv.gz; use --kind to force one)`,
    ],
    quarantined: [],
  };
}

async function summarise(store: RawStore, files: FileLoadResult[]): Promise<RawLoadSummary> {
  const byTable = new Map<string, FileLoadResult[]>();
  for (const f of files) {
    const key = f.table ?? "(unrecognised)";
    byTable.set(key, [...(byTable.get(key) ?? []), f]);
  }
  const tables: TableLoadSummary[] = [];
  for (const [table, results] of byTable) {
    const rowsInTable = table.startsWith("(") ? 0 : await store.rowCount(table);
    tables.push({
      table,
      files: results.length,
      loaded: results.filter((r) => r.status === "loaded").length,
      unchanged: results.filter((r) => r.status === "unchanged").length,
      failed: results.filter((r) => r.status === "failed").length,
      duplicate: results.filter((r) => r.status === "duplicate").length,
      rowsLoaded: results.reduce((n, r) => n + r.rowsLoaded, 0),
      rowsRejected: results.reduce((n, r) => n + r.rowsRejected, 0),
      rowsSuperseded: results.reduce((n, r) => n + r.rowsDisplaced, 0),
      rowsInTable,
    });
  }
  return { files, tables, ok: files.every((f) => f.status !== "failed" && f.rowsRejected === 0) };
}
