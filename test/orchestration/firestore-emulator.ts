import { createRequire } from "node:module";
import { FirestoreServer } from "@firestore-emulator/server";

const require = createRequire(import.meta.url);

/**
 * The pure-JS Firestore emulator (@firestore-emulator/server) on 127.0.0.1 (its own start() listens on 0.0.0.0).
 * Answers the `host:port` for FIRESTORE_EMULATOR_HOST and how to stop it. It does not isolate transactions (its
 * transaction ids are dummies).
 */
export async function startFirestoreEmulator(): Promise<{ host: string; stop: () => void }> {
  const server = new FirestoreServer();
  const grpc = (
    server as unknown as {
      server: { bindAsync: (a: string, c: unknown, cb: (e: Error | null, port: number) => void) => void };
    }
  ).server;
  // Credentials from the emulator's own copy of @grpc/grpc-js (the server checks the class).
  const emulatorRequire = createRequire(require.resolve("@firestore-emulator/server"));
  const { ServerCredentials } = emulatorRequire("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
  const port = await new Promise<number>((resolve, reject) =>
    grpc.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  return { host: `127.0.0.1:${port}`, stop: () => server.stop() };
}
