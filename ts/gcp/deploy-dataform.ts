import { isDeepStrictEqual } from "node:util";
import { type DataformClient, repositoryPath } from "./dataform-client.ts";
import type { DeployConfig, ReleaseConfigSpec, WorkflowConfigSpec } from "./deploy-config.ts";

export interface DeployTarget {
  project: string;
  region: string;
  repository: string;
  /** The service account workflow invocations run as (invocationConfig.serviceAccount). */
  serviceAccount?: string;
}

export interface DeployChange {
  kind: "releaseConfig" | "workflowConfig";
  name: string;
  action: "create" | "update" | "unchanged";
  /** Fields that differ (update) or are set (create). */
  fields: string[];
  resource: Record<string, unknown>;
}

/** A release config compiles into the deployment's project (the one the glue reads), whatever dataform.json names. */
function releaseResource(r: ReleaseConfigSpec, project: string): Record<string, unknown> {
  return {
    gitCommitish: r.gitCommitish,
    codeCompilationConfig: {
      defaultDatabase: project,
      vars: r.vars,
      ...(r.schemaSuffix ? { schemaSuffix: r.schemaSuffix } : {}),
      ...(r.tablePrefix ? { tablePrefix: r.tablePrefix } : {}),
    },
    cronSchedule: r.cronSchedule ?? "",
    timeZone: r.timeZone,
  };
}

function workflowResource(w: WorkflowConfigSpec, parent: string, serviceAccount?: string): Record<string, unknown> {
  return {
    releaseConfig: `${parent}/releaseConfigs/${w.releaseConfig}`,
    invocationConfig: {
      includedTags: w.includedTags,
      transitiveDependenciesIncluded: w.transitiveDependenciesIncluded,
      transitiveDependentsIncluded: w.transitiveDependentsIncluded,
      fullyRefreshIncrementalTablesEnabled: w.fullyRefreshIncrementalTablesEnabled,
      ...(serviceAccount ? { serviceAccount } : {}),
    },
    cronSchedule: w.cronSchedule ?? "",
    timeZone: w.timeZone,
  };
}

/** Fields whose declared value differs from the deployed one (absent = the API's default: "", [], false, {}). */
function differingFields(declared: Record<string, unknown>, deployed: Record<string, unknown> | undefined): string[] {
  const empty = (v: unknown) =>
    v === undefined ||
    v === null ||
    v === "" ||
    v === false ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every(empty));
  const normal = (v: unknown): unknown =>
    typeof v === "object" && v !== null && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([, x]) => !empty(x))
            .map(([k, x]) => [k, normal(x)]),
        )
      : empty(v)
        ? undefined
        : v;
  return Object.keys(declared).filter((k) => !isDeepStrictEqual(normal(declared[k]), normal(deployed?.[k])));
}

const isNotFound = (e: unknown) => [5, 404].includes(Number((e as { code?: unknown }).code));

/**
 * Brings the repository's release and workflow configs to what deploy/dataform.json declares: creates the missing
 * ones, updates (with an update mask of just the differing fields) the changed ones, leaves equal ones alone, so a
 * second run changes nothing. With dryRun nothing is written: the returned plan says what would change.
 */
export async function deployDataform(
  client: DataformClient,
  target: DeployTarget,
  config: DeployConfig,
  dryRun: boolean,
): Promise<DeployChange[]> {
  const parent = repositoryPath(target.project, target.region, target.repository);
  const changes: DeployChange[] = [];
  const get = async (fetch: () => Promise<[unknown, ...unknown[]]>) => {
    try {
      return (await fetch())[0] as Record<string, unknown>;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  };

  for (const r of config.releaseConfigs) {
    const name = `${parent}/releaseConfigs/${r.id}`;
    const resource = releaseResource(r, target.project);
    const deployed = await get(() => client.getReleaseConfig({ name }));
    const fields = differingFields(resource, deployed);
    const action = !deployed ? "create" : fields.length > 0 ? "update" : "unchanged";
    changes.push({ kind: "releaseConfig", name, action, fields, resource });
    if (dryRun || action === "unchanged") continue;
    if (action === "create")
      await client.createReleaseConfig({ parent, releaseConfigId: r.id, releaseConfig: resource });
    else
      await client.updateReleaseConfig({
        releaseConfig: { ...resource, name },
        updateMask: { paths: fields.map(snake) },
      });
  }

  for (const w of config.workflowConfigs) {
    const name = `${parent}/workflowConfigs/${w.id}`;
    const resource = workflowResource(w, parent, target.serviceAccount);
    const deployed = await get(() => client.getWorkflowConfig({ name }));
    const fields = differingFields(resource, deployed);
    const action = !deployed ? "create" : fields.length > 0 ? "update" : "unchanged";
    changes.push({ kind: "workflowConfig", name, action, fields, resource });
    if (dryRun || action === "unchanged") continue;
    if (action === "create")
      await client.createWorkflowConfig({ parent, workflowConfigId: w.id, workflowConfig: resource });
    else
      await client.updateWorkflowConfig({
        workflowConfig: { ...resource, name },
        updateMask: { paths: fields.map(snake) },
      });
  }
  return changes;
}

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function formatDeployPlan(changes: DeployChange[], dryRun: boolean): string {
  const lines = changes.map((c) => {
    const detail = c.action === "unchanged" ? "" : `\n${JSON.stringify(c.resource, null, 2).replace(/^/gm, "    ")}`;
    const fields = c.action === "update" ? ` (${c.fields.join(", ")})` : "";
    return `${dryRun ? "would " : ""}${c.action} ${c.kind} ${c.name}${fields}${detail}`;
  });
  return `${lines.join("\n")}\n`;
}
