import { createRequire } from "node:module";
import { v1 } from "@google-cloud/dataform";

// The auth library google-gax itself uses (a second copy would not match its types): its PassThroughClient
// sends requests without credentials, for a local fake.
const gaxRequire = createRequire(createRequire(import.meta.url).resolve("google-gax"));
const { PassThroughClient } = gaxRequire("google-auth-library") as { PassThroughClient: new () => object };

export type DataformClient = v1.DataformClient;

/**
 * The Dataform API client. Production: gRPC to dataform.googleapis.com with Application Default Credentials.
 * With an endpoint (a local fake in tests): the client's HTTP/JSON mode (`fallback`), unauthenticated, plain http.
 */
export function dataformClient(endpoint?: string): DataformClient {
  if (!endpoint) return new v1.DataformClient();
  const url = new URL(endpoint);
  return new v1.DataformClient({
    fallback: true,
    apiEndpoint: url.hostname,
    port: Number(url.port),
    protocol: url.protocol.replace(":", ""),
    authClient: new PassThroughClient(),
  } as unknown as ConstructorParameters<typeof v1.DataformClient>[0]);
}

export const repositoryPath = (project: string, region: string, repository: string): string =>
  `projects/${project}/locations/${region}/repositories/${repository}`;
