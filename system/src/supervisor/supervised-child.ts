import { spawn, type ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { backoff, type BackoffOptions } from '@sportskk/backoff';
import type { Logger } from '@sportskk/platform';

export interface ChildSpec {
  readonly name: string;
  /** A Node.js entry point, run as `node --import tsx <main>`. */
  readonly main: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Node.js flags before the entry point (e.g. --cpu-prof). */
  readonly nodeArgs?: readonly string[];
}

export interface SupervisorTimings {
  readonly restart: BackoffOptions;
  /** A child that ran this long before it crashed is restarted after the first delay again. */
  readonly healthyAfterMs: number;
  /** After SIGTERM, a child that has not exited by then gets SIGKILL. */
  readonly stopTimeoutMs: number;
}

export interface SupervisedChild {
  readonly name: string;
  /** The running process's pid, if one runs. */
  pid(): number | undefined;
  /** The child's next IPC message (one with something to tell, such as a database URL); undefined if it exits first. */
  nextMessage(): Promise<unknown>;
  /** SIGTERM, then SIGKILL after the stop timeout; no restart after this. */
  stop(): Promise<void>;
}

/**
 * Runs a child process and restarts it with back-off whenever it exits unasked. Its output goes to `lines` in
 * whole lines (lines of two children never interleave); the IPC channel lets the child notice the supervisor is
 * gone, even after a SIGKILL.
 */
export function superviseChild(
  spec: ChildSpec,
  options: {
    readonly logger: Logger;
    readonly timings: SupervisorTimings;
    /** Whole lines only, several at a time when they came together (one write for them). */
    readonly lines: (child: string, text: string, stream: 'stdout' | 'stderr') => void;
  },
): SupervisedChild {
  const { logger, timings } = options;
  const delays = backoff(timings.restart);
  let current: ChildProcess | undefined;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  const waiting: Array<(message: unknown) => void> = [];

  const forward = (stream: Readable | null, kind: 'stdout' | 'stderr') => {
    if (!stream) return;
    const decoder = new StringDecoder('utf8');
    let partial = '';
    stream.on('data', (chunk: Buffer) => {
      const text = partial + decoder.write(chunk);
      const end = text.lastIndexOf('\n');
      partial = text.slice(end + 1);
      if (end >= 0) options.lines(spec.name, text.slice(0, end), kind);
    });
    stream.on('end', () => {
      if (partial) options.lines(spec.name, partial, kind);
    });
  };

  const start = () => {
    const startedAt = Date.now();
    const child = spawn(
      process.execPath,
      [...(spec.nodeArgs ?? []), '--import', 'tsx', spec.main],
      {
        cwd: spec.cwd,
        env: spec.env,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        // Its own process group: a Ctrl-C reaches the supervisor alone, which stops the children in order.
        detached: true,
      },
    );
    current = child;
    forward(child.stdout, 'stdout');
    forward(child.stderr, 'stderr');
    child.on('message', (message) => waiting.splice(0).forEach((resolve) => resolve(message)));
    child.on('error', (error) => logger.error({ err: error, child: spec.name }, 'could not start'));
    child.on('exit', (code, signal) => {
      if (current === child) current = undefined;
      waiting.splice(0).forEach((resolve) => resolve(undefined));
      if (stopping) return;
      if (Date.now() - startedAt >= timings.healthyAfterMs) delays.reset();
      const delayMs = Math.round(delays.next());
      logger.warn(
        { child: spec.name, code, signal, restartInMs: delayMs },
        `${spec.name} exited; restarting`,
      );
      restartTimer = setTimeout(start, delayMs);
    });
    logger.info({ child: spec.name, pid: child.pid }, `${spec.name} started`);
  };
  start();

  return {
    name: spec.name,
    pid: () => current?.pid,
    nextMessage: () => new Promise((resolve) => waiting.push(resolve)),
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      const child = current;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        logger.warn({ child: spec.name }, `${spec.name} did not stop in time; killing it`);
        child.kill('SIGKILL');
      }, timings.stopTimeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
