import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { logOutput } from './log-output.ts';

const sink = () => {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { chunks, stream };
};

describe('one log stream for every process', () => {
  it('passes JSON log lines through whole, and wraps any other line as a log naming its process', () => {
    const { chunks, stream } = sink();
    const output = logOutput('json', stream);
    output.lines('ticketing', '{"level":30,"service":"ticketing","msg":"up"}', 'stdout');
    output.lines('gateway', '    at Object.<anonymous> (main.ts:1:1)', 'stderr');
    expect(chunks[0]).toBe('{"level":30,"service":"ticketing","msg":"up"}\n');
    expect(JSON.parse(chunks[1]!)).toMatchObject({
      level: 50,
      service: 'gateway',
      msg: '    at Object.<anonymous> (main.ts:1:1)',
    });
  });

  it('passes several JSON lines that came together on in one write', () => {
    const { chunks, stream } = sink();
    logOutput('json', stream).lines('center', '{"msg":"a"}\n{"msg":"b"}', 'stdout');
    expect(chunks).toEqual(['{"msg":"a"}\n{"msg":"b"}\n']);
  });

  it('prints one readable line per log for a person, with the service first', () => {
    const { chunks, stream } = sink();
    const output = logOutput('pretty', stream);
    output.lines(
      'center',
      '{"level":40,"time":0,"service":"center","msg":"slow","ms":12}',
      'stdout',
    );
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatch(/WARN.*center \| slow/);
    expect(chunks[0]).toMatch(/ms: 12/);
  });
});
