import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The test host's dll, as `dotnet build` (of the solution or the project) left it; SSEGEN_TSCLIENT_HOST overrides it.
 * The tests do not build it: CI builds the solution first, and a missing dll fails here with the command to run.
 */
export function hostDll(): string {
  const fromEnv = process.env.SSEGEN_TSCLIENT_HOST;
  if (fromEnv) {
    return fromEnv;
  }

  // .test-build/test -> clients/typescript -> repository root
  const root = resolve(here, "..", "..", "..", "..");
  for (const configuration of ["Debug", "Release"]) {
    const dll = join(root, "tests", "SseGen.TsClientHost", "bin", configuration, "net10.0", "SseGen.TsClientHost.dll");
    if (existsSync(dll)) {
      return dll;
    }
  }

  throw new Error(`The test host is not built: run 'dotnet build tests/SseGen.TsClientHost' (looked under ${root}/tests/SseGen.TsClientHost/bin).`);
}

/** The sample app's dll (samples/SseGen.Sample), as `dotnet build` of the solution left it. */
export function sampleDll(): string {
  const root = resolve(here, "..", "..", "..", "..");
  for (const configuration of ["Debug", "Release"]) {
    const dll = join(root, "samples", "SseGen.Sample", "bin", configuration, "net10.0", "SseGen.Sample.dll");
    if (existsSync(dll)) {
      return dll;
    }
  }

  throw new Error(`The sample is not built: run 'dotnet build samples/SseGen.Sample' (looked under ${root}/samples/SseGen.Sample/bin).`);
}

/** A real Kestrel serving the host's SseGen endpoints, in a child process; restartable on the same port. */
export class Host {
  private constructor(
    private child: ChildProcess,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the host on `port` (0: a free one) and waits for Kestrel's "Now listening on:" line. */
  static async start(port = 0, dll = hostDll()): Promise<Host> {
    const child = spawn("dotnet", [dll, "--urls", `http://127.0.0.1:${port}`], {
      cwd: dirname(dll),
      // stdin stays open while this process lives: the host stops when it closes, so a crashed runner leaves no orphan.
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, DOTNET_NOLOGO: "1", ASPNETCORE_ENVIRONMENT: "Production", SSEGEN_TSCLIENT_HOST_STDIN_LIFETIME: "1" },
    });
    let output = "";
    const listening = await new Promise<number>((resolveStart, rejectStart) => {
      const timer = setTimeout(() => rejectStart(new Error(`The test host did not start within 20 s:\n${output}`)), 20_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Now listening on: http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolveStart(Number(match[1]));
        }
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("exit", (code) => {
        clearTimeout(timer);
        rejectStart(new Error(`The test host exited (${code}) before it listened:\n${output}`));
      });
    });
    child.stdout!.resume();
    return new Host(child, listening);
  }

  /** Kills the process (as a crash or a redeploy would: open streams just drop) and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return;
    }

    const exited = new Promise<void>((resolveExit) => this.child.once("exit", () => resolveExit()));
    this.child.kill("SIGCONT");
    this.child.kill("SIGKILL");
    await exited;
  }

  /** SIGSTOP: the process stops answering, while the kernel keeps its sockets open (a half-open connection, as seen from the client). */
  freeze(): void {
    this.child.kill("SIGSTOP");
  }

  thaw(): void {
    this.child.kill("SIGCONT");
  }

  /** Stops this process and starts a new one on the same port. */
  async restart(): Promise<Host> {
    await this.stop();
    return Host.start(this.port);
  }

  /** How many requests the host has seen for `path`. */
  async count(path: string): Promise<number> {
    const response = await fetch(`${this.url}/control/count?path=${encodeURIComponent(path)}`);
    return (await response.json()) as number;
  }

  async post<T>(pathAndQuery: string): Promise<T> {
    const response = await fetch(`${this.url}${pathAndQuery}`, { method: "POST" });
    if (!response.ok) {
      throw new Error(`POST ${pathAndQuery}: ${response.status}`);
    }

    return (await response.json()) as T;
  }
}
