export { loadConfig, ConfigError, type Config, type BreakerSettings } from './config.ts';
export { CORRELATION_HEADER, correlationIdFrom, currentCorrelationId, withCorrelationId } from './correlation.ts';
export { createLogger, type Logger } from './logger.ts';
export { createMetricsRegistry, collectProcessMetrics } from './metrics.ts';
export { startHttpService, type GraphQLEndpoint, type HttpServiceOptions, type RunningService } from './http-service.ts';
export { DateTime, Long, SCALARS_SDL } from './scalars.ts';
