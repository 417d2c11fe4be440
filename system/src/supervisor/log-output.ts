import { Writable } from 'node:stream';
import { prettyFactory } from 'pino-pretty';

export type LogFormat = 'pretty' | 'json';

export interface LogOutput {
  /** Where the supervisor's own logger writes. */
  readonly stream: Writable;
  /** Whole lines of a child's output (several, newline-separated, when they came together). */
  lines(child: string, text: string, stream: 'stdout' | 'stderr'): void;
}

/**
 * One log stream for every process: JSON lines as the services write them, or the same read by pino-pretty for a
 * person. A line that is not a JSON log (a crash's stack trace on stderr) is wrapped as one, naming its process.
 */
export function logOutput(format: LogFormat, destination: Writable): LogOutput {
  const pretty =
    format === 'pretty'
      ? prettyFactory({
          colorize: (destination as { isTTY?: boolean }).isTTY === true,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname,service',
          messageFormat: '{service} | {msg}',
        })
      : undefined;
  const write = (json: string) => destination.write(pretty ? pretty(json) : `${json}\n`);
  return {
    stream: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const text of chunk.toString('utf8').split('\n')) if (text) write(text);
        callback();
      },
    }),
    lines(child, text, kind) {
      const isLog = (line: string) => line.startsWith('{') && line.endsWith('}');
      const lines = text.split('\n');
      // The usual case: JSON logs, passed on in one write.
      if (!pretty && lines.every(isLog)) return void destination.write(`${text}\n`);
      const level = kind === 'stderr' ? 50 : 30;
      for (const line of lines.filter((each) => each !== ''))
        write(
          isLog(line)
            ? line
            : JSON.stringify({ level, time: Date.now(), service: child, msg: line }),
        );
    },
  };
}
