import { Writable } from 'node:stream';
import { prettyFactory } from 'pino-pretty';

export type LogFormat = 'pretty' | 'json';

export interface LogOutput {
  /** Where the supervisor's own logger writes. */
  readonly stream: Writable;
  /** One whole line of a child's output. */
  line(child: string, text: string, stream: 'stdout' | 'stderr'): void;
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
    line(child, text, kind) {
      const json = text.startsWith('{') && text.endsWith('}');
      const level = kind === 'stderr' ? 50 : 30;
      write(json ? text : JSON.stringify({ level, time: Date.now(), service: child, msg: text }));
    },
  };
}
