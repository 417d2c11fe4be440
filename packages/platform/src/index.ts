export { ConfigError, envReader, type EnvReader } from './env.ts';
export {
  readBettingRules,
  readEventLogSettings,
  readServiceSettings,
  requireDatabaseInProduction,
  type DatabaseSettings,
  type Environment,
  type EventLogSettings,
  type ServiceSettings,
} from './settings.ts';
export { CORRELATION_HEADER, withCorrelationId } from './correlation.ts';
export { maskUnexpectedErrors } from './graphql-errors.ts';
export { connectionLost, createLogger, subscriptionDropped, type Logger } from './logger.ts';
export { collectProcessMetrics, createMetricsRegistry, metricOnce, readGauge } from './metrics.ts';
export {
  startHttpService,
  type GraphQLEndpoint,
  type HttpServiceOptions,
  type RunningService,
} from './http-service.ts';
export { serveGraphQLOverWebSocket, type GraphQLWebSocketOptions } from './graphql-websocket.ts';
export { HttpStatusError, requestJson, type JsonRequest } from './http-json.ts';
export { partStack, runProcess, type Part, type PartStack, type ProcessKit } from './process.ts';
export { DateTime, Long } from './scalars.ts';
export {
  internalRoutes,
  refuse,
  Refusal,
  type InternalAnswer,
  type InternalCall,
  type InternalEndpoint,
  type InternalRequest,
  type InternalRoute,
} from './internal-routes.ts';
export { freePort } from './ports.ts';
export { LiveWatcher } from './live-watcher.ts';
export { injectTraceContext, startTelemetry, type Telemetry } from './telemetry.ts';
