// Starts fauxqs bound to loopback only. fauxqs 2.4.1 hard-codes listen({ host: "0.0.0.0" }) in startFauxqs(), so the
// bind address is rewritten at the net layer before fauxqs is loaded; its `host` option only shapes queue URLs.
//
// Env: FAUXQS_PORT (0 = any free port, default 0), FAUXQS_INIT (inline JSON or a path to a JSON file: queues, DLQs),
// FAUXQS_LOGGER (default false). Prints one line `FAUXQS_READY <port>` on stdout once it answers; SIGTERM/SIGINT stop it.
import net from "node:net";
import { readFileSync } from "node:fs";

const LOOPBACK = "127.0.0.1";
const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  const first = args[0];
  if (first !== null && typeof first === "object" && !Array.isArray(first) && first.path === undefined) {
    args[0] = { ...first, host: LOOPBACK };
  } else if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    if (typeof args[1] === "string") {
      args[1] = LOOPBACK;
    } else {
      args.splice(1, 0, LOOPBACK);
    }
  }
  return originalListen.apply(this, args);
};

const { startFauxqs } = await import("fauxqs");

function readInit(value) {
  if (!value) {
    return undefined;
  }
  const text = value.trimStart().startsWith("{") ? value : readFileSync(value, "utf-8");
  return JSON.parse(text);
}

const server = await startFauxqs({
  host: LOOPBACK,
  port: Number.parseInt(process.env.FAUXQS_PORT ?? "0", 10),
  logger: (process.env.FAUXQS_LOGGER ?? "false") !== "false",
  init: readInit(process.env.FAUXQS_INIT),
});

const bound = new URL(server.address).hostname;
if (bound !== LOOPBACK) {
  console.error(`fauxqs bound to ${bound}, refusing to run`);
  await server.stop();
  process.exit(2);
}

process.stdout.write(`FAUXQS_READY ${server.port}\n`);

let stopping = false;
async function stop() {
  if (stopping) {
    return;
  }
  stopping = true;
  await server.stop();
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// The test process owns us: when it goes away (stdin closes), go with it rather than linger.
process.stdin.on("end", stop);
process.stdin.resume();
