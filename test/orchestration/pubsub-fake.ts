import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const grpc = require("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const protoLoader = require("@grpc/proto-loader") as typeof import("@grpc/proto-loader");

export interface StoredMessage {
  ackId: string;
  data: Buffer;
  attributes: Record<string, string>;
  deliveries: number;
  acked: boolean;
  leasedUntil: number;
}

/** One gRPC call as the fake received it. */
export interface PubSubRequest {
  method: "Publish" | "Pull" | "Acknowledge" | "ModifyAckDeadline";
  request: Record<string, any>;
}

/**
 * A Pub/Sub server on 127.0.0.1 speaking the client's wire protocol (gRPC, google.pubsub.v1 from the client's own
 * protos): Publish stores messages on the topic's one subscription `<topic>-orchestration`; Pull leases them;
 * Acknowledge removes them; ModifyAckDeadline(0) returns them. Every request is recorded. start() answers the
 * `host:port` for PUBSUB_EMULATOR_HOST.
 */
export class PubSubFake {
  readonly requests: PubSubRequest[] = [];
  readonly subscriptions = new Map<string, StoredMessage[]>();
  private readonly server = new grpc.Server();
  private seq = 0;

  constructor() {
    const protos = path.join(path.dirname(require.resolve("@google-cloud/pubsub/package.json")), "build", "protos");
    // google/api/*.proto ship with google-gax (the client's transport); resolve it from the client package.
    const gaxProtos = path.join(
      path.dirname(path.dirname(path.dirname(require.resolve("google-gax")))),
      "build",
      "protos",
    );
    const def = protoLoader.loadSync("google/pubsub/v1/pubsub.proto", {
      includeDirs: [protos, gaxProtos],
      keepCase: false,
      longs: Number,
      defaults: true,
    });
    const pkg = grpc.loadPackageDefinition(def) as unknown as {
      google: { pubsub: { v1: Record<string, { service: import("@grpc/grpc-js").ServiceDefinition }> } };
    };
    type Call = { request: Record<string, any> };
    type Cb = (e: Error | null, r?: unknown) => void;
    this.server.addService(pkg.google.pubsub.v1.Publisher!.service, {
      Publish: (call: Call, cb: Cb) => {
        this.requests.push({ method: "Publish", request: call.request });
        const [project, topic] = String(call.request.topic).split("/topics/") as [string, string];
        const sub = `${project}/subscriptions/${topic}-orchestration`;
        const ids = (call.request.messages as { data: Buffer; attributes: Record<string, string> }[]).map((m) => {
          const ackId = `ack-${++this.seq}`;
          this.subscriptions.set(sub, [
            ...(this.subscriptions.get(sub) ?? []),
            { ackId, data: m.data, attributes: m.attributes, deliveries: 0, acked: false, leasedUntil: 0 },
          ]);
          return String(this.seq);
        });
        cb(null, { messageIds: ids });
      },
    });
    this.server.addService(pkg.google.pubsub.v1.Subscriber!.service, {
      Pull: (call: Call, cb: Cb) => {
        this.requests.push({ method: "Pull", request: call.request });
        const now = Date.now();
        const ready = (this.subscriptions.get(call.request.subscription) ?? [])
          .filter((m) => !m.acked && m.leasedUntil <= now)
          .slice(0, call.request.maxMessages || 10);
        for (const m of ready) {
          m.deliveries += 1;
          m.leasedUntil = now + 60_000;
        }
        cb(null, {
          receivedMessages: ready.map((m) => ({
            ackId: m.ackId,
            deliveryAttempt: m.deliveries,
            message: { data: m.data, attributes: m.attributes, messageId: m.ackId },
          })),
        });
      },
      Acknowledge: (call: Call, cb: Cb) => {
        this.requests.push({ method: "Acknowledge", request: call.request });
        for (const m of this.subscriptions.get(call.request.subscription) ?? [])
          if (call.request.ackIds.includes(m.ackId)) m.acked = true;
        cb(null, {});
      },
      ModifyAckDeadline: (call: Call, cb: Cb) => {
        this.requests.push({ method: "ModifyAckDeadline", request: call.request });
        for (const m of this.subscriptions.get(call.request.subscription) ?? [])
          if (call.request.ackIds.includes(m.ackId))
            m.leasedUntil = Date.now() + 1000 * call.request.ackDeadlineSeconds;
        cb(null, {});
      },
    });
  }

  /** Binds to a free port on 127.0.0.1; answers `127.0.0.1:<port>`. */
  async start(): Promise<string> {
    const port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
        e ? reject(e) : resolve(p),
      ),
    );
    return `127.0.0.1:${port}`;
  }

  stop(): void {
    this.server.forceShutdown();
  }

  /** Every message published, in order: topic (short name), attributes and the JSON body. */
  published(): { topic: string; attributes: Record<string, string>; body: Record<string, any> }[] {
    return this.requests
      .filter((r) => r.method === "Publish")
      .flatMap((r) =>
        (r.request.messages as { data: Buffer; attributes: Record<string, string> }[]).map((m) => ({
          topic: String(r.request.topic).split("/topics/")[1]!,
          attributes: m.attributes,
          body: JSON.parse(Buffer.from(m.data).toString("utf8")) as Record<string, any>,
        })),
      );
  }
}
