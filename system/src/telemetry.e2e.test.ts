import { tracing } from '@opentelemetry/sdk-node';
import { startTelemetry, type Telemetry } from '@sportskk/platform';
import { eventually, logCollector } from '@sportskk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from './fresh-database.ts';
import { startSystem, type System } from './system.ts';
import { BUY, graphql, signedIn, testConfig, type TicketData } from './testing.ts';

const exporter = new tracing.InMemorySpanExporter();
let telemetry: Telemetry | undefined;
let database: Awaited<ReturnType<typeof freshDatabase>>;
let system: System;

beforeAll(async () => {
  telemetry = startTelemetry('system', {}, exporter);
  database = await freshDatabase(process.env['DATABASE_URL']!);
  system = await startSystem(testConfig({ DATABASE_URL: database.url }), {
    logDestination: logCollector().stream,
  });
});
afterAll(async () => {
  await system?.stop();
  await telemetry?.stop();
  await database?.drop();
});

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('OpenTelemetry traces (in-memory exporter)', () => {
  it('is off unless the OTEL_* variables ask for an exporter', () => {
    expect(startTelemetry('gateway', {})).toBeUndefined();
    expect(startTelemetry('gateway', { OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
    expect(
      startTelemetry('gateway', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' }),
    ).toBeUndefined();
  });

  it("follow one purchase in one trace: the client's traceparent, gateway, ticketing, totalling, SQL, the log and the projections", async () => {
    const { data, errors } = await graphql<{ buyTicket: { ticket: TicketData } }>(
      system.urls.gateway,
      BUY,
      { input: { teamCode: 'KT', betCredit: 42 } },
      { ...(await signedIn('alice')), traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` },
    );
    expect(errors).toBeUndefined();
    const ticketId = data!.buyTicket.ticket.id;
    const ours = () =>
      exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === TRACE_ID);
    // Each service's HTTP server span, by name: the gateway's /graphql, ticketing's /graphql, totalling's internal call.
    const servers = () =>
      ours()
        .filter((s) => s.kind === 1 /* SERVER */)
        .map((s) => `${s.attributes['sportskk.service']} ${s.name}`);
    await eventually(() => {
      expect(servers()).toEqual(
        expect.arrayContaining(['gateway POST /graphql', 'ticketing POST /graphql']),
      );
      expect(servers().some((name) => name.startsWith('totalling POST /internal'))).toBe(true);
      const names = ours().map((s) => s.name);
      // @apollo/gateway's own spans, the append with its trace context, SQL, and the projections it caused.
      expect(names).toEqual(
        expect.arrayContaining(['gateway.request', 'gateway.fetch', 'event-store append']),
      );
      expect(names.some((name) => /^(INSERT|SELECT|WITH)\b/.test(name))).toBe(true);
      expect(names.filter((name) => name.startsWith('projection ')).length).toBeGreaterThan(0);
    }, 15_000);
    // The event carries the trace context it was written in.
    const [purchased] = await system.stores.events.readStream(`ticket-${ticketId}`);
    expect(String(purchased!.metadata['traceparent'])).toMatch(
      new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`),
    );
    // One trace: every span has its parent in it (or is the root, continuing the client's span), once the
    // parents still open when their children ended (a request span outlives its SQL) have ended too.
    await eventually(() => {
      const ids = new Set(
        ours()
          .map((s) => s.spanContext().spanId)
          .concat('00f067aa0ba902b7'),
      );
      for (const span of ours())
        expect(ids.has(span.parentSpanContext?.spanId ?? ''), span.name).toBe(true);
    }, 10_000);
  });

  it('starts no trace for SQL outside one: migrations, readiness checks, polls', async () => {
    for (const url of Object.values(system.urls))
      expect((await fetch(new URL('/health/ready', url))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the subscriptions' idle polls (each 1 s)
    const statementsAlone = exporter
      .getFinishedSpans()
      .filter((span) => span.attributes['db.system.name'] && !span.parentSpanContext);
    expect(statementsAlone.map((span) => span.name)).toEqual([]);
  });
});
