import type { Command } from "commander";
import { dataformClient } from "../../gcp/dataform-client.ts";
import { loadDeployConfig } from "../../gcp/deploy-config.ts";
import { deployDataform, formatDeployPlan } from "../../gcp/deploy-dataform.ts";
import { createContext } from "../context.ts";

/** `nba-props deploy dataform [--dry-run]`: applies deploy/dataform.json to the Dataform repository. */
export function registerDeployCommand(program: Command): void {
  const deploy = program.command("deploy").description("apply the repo's production configuration to Google Cloud");
  deploy
    .command("dataform")
    .description("create or update the Dataform release and workflow configs declared in deploy/dataform.json")
    .option("--project <dir>", "project directory", process.cwd())
    .option("--dry-run", "print what would change and change nothing")
    .action(async (flags: { project: string; dryRun?: boolean }) => {
      const ctx = createContext(flags.project);
      const config = loadDeployConfig(ctx.projectDir);
      const g = ctx.config.gcp;
      const client = dataformClient(g.dataformEndpoint);
      try {
        const changes = await deployDataform(
          client,
          { project: g.project, region: g.region, repository: g.repository, serviceAccount: g.serviceAccount },
          config,
          Boolean(flags.dryRun),
        );
        process.stdout.write(formatDeployPlan(changes, Boolean(flags.dryRun)));
      } finally {
        await client.close();
      }
    });
}
