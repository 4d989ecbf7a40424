import { openWarehouse } from "../config/runtime.ts";
import type { RawArchive } from "../raw/archive.ts";
import { warehouseLoaderSink } from "../scrapers/loader-sink.ts";
import type { PayloadSink } from "../scrapers/sink.ts";
import type { CommandContext } from "./context.ts";

/** `nba-props scrape` hands every archived payload to the raw loaders of the configured warehouse. */
export async function loaderSinkForScrape(ctx: CommandContext, archive: RawArchive): Promise<PayloadSink> {
  const warehouse = await openWarehouse(ctx.config);
  const sink = warehouseLoaderSink(warehouse, ctx.config, archive, ctx.logger);
  return {
    deliver: (payload) => sink.deliver(payload),
    close: () => warehouse.close(),
  };
}
