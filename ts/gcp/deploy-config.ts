import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

/** deploy/dataform.json: the repo's Dataform release configs and workflow configs (docs/operations.md). */
const id = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, "lowercase letters, digits and - (a Dataform resource id)");
const vars = z.record(z.string(), z.string()).default({});

const ReleaseConfig = z
  .object({
    id,
    gitCommitish: z.string().min(1),
    cronSchedule: z.string().optional(),
    timeZone: z.string().default("UTC"),
    vars,
    schemaSuffix: z.string().optional(),
    tablePrefix: z.string().optional(),
  })
  .strict();

const WorkflowConfig = z
  .object({
    id,
    releaseConfig: id,
    /** cron: Dataform runs it on cronSchedule; event: no schedule, invoked when its input lands (ts/orchestration). */
    trigger: z.enum(["cron", "event"]),
    cronSchedule: z.string().optional(),
    timeZone: z.string().default("UTC"),
    includedTags: z.array(z.string()).default([]),
    transitiveDependenciesIncluded: z.boolean().default(false),
    transitiveDependentsIncluded: z.boolean().default(false),
    fullyRefreshIncrementalTablesEnabled: z.boolean().default(false),
  })
  .strict()
  .superRefine((w, ctx) => {
    if ((w.trigger === "cron") !== Boolean(w.cronSchedule)) {
      ctx.addIssue({
        code: "custom",
        message: `workflow config ${w.id}: a cron trigger needs cronSchedule, an event trigger has none`,
      });
    }
  });

const DeployConfig = z
  .object({
    $comment: z.string().optional(),
    releaseConfigs: z.array(ReleaseConfig).min(1),
    workflowConfigs: z.array(WorkflowConfig).default([]),
  })
  .strict()
  .superRefine((c, ctx) => {
    const releases = new Set(c.releaseConfigs.map((r) => r.id));
    for (const w of c.workflowConfigs) {
      if (!releases.has(w.releaseConfig))
        ctx.addIssue({ code: "custom", message: `workflow config ${w.id}: unknown release config ${w.releaseConfig}` });
    }
  });

export type DeployConfig = z.infer<typeof DeployConfig>;
export type ReleaseConfigSpec = DeployConfig["releaseConfigs"][number];
export type WorkflowConfigSpec = DeployConfig["workflowConfigs"][number];

export const DEPLOY_FILE = path.join("deploy", "dataform.json");

export function loadDeployConfig(projectDir: string): DeployConfig {
  const file = path.join(projectDir, DEPLOY_FILE);
  const parsed = DeployConfig.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}
