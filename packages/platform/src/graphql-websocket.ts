import type { Server } from 'node:http';
import type { ServerOptions } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

/** graphql-ws server options for a service's `/graphql` WebSocket endpoint (`ctx.extra` has the socket and request). */
export type GraphQLWebSocketOptions = ServerOptions<Record<string, unknown> | undefined, Extra>;

/** The close code sent to every client when the service stops: clients reconnect (elsewhere) and resume. */
export const GOING_AWAY = 1001;

export interface GraphQLWebSocketEndpoint {
  /** Open client sockets. */
  clients(): number;
  /** Closes every client socket with GOING_AWAY (graphql-ws's own dispose), then the endpoint. */
  stop(): Promise<void>;
}

/**
 * The graphql-ws protocol on `path` of `server` (upgrades elsewhere are refused), with ws-level pings every
 * `keepAliveMs` so dead peers are dropped.
 */
export function serveGraphQLOverWebSocket(
  server: Server,
  options: GraphQLWebSocketOptions,
  settings: {
    readonly path?: string;
    readonly maxPayloadBytes?: number;
    readonly keepAliveMs?: number;
  } = {},
): GraphQLWebSocketEndpoint {
  const path = settings.path ?? '/graphql';
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: settings.maxPayloadBytes ?? 1_000_000,
  });
  const onUpgrade: Parameters<Server['on']>[1] = (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== path) return void socket.destroy();
    sockets.handleUpgrade(request, socket, head, (client) =>
      sockets.emit('connection', client, request),
    );
  };
  server.on('upgrade', onUpgrade);
  const served = useServer(options, sockets, settings.keepAliveMs ?? 12_000);
  return {
    clients: () => sockets.clients.size,
    async stop() {
      server.off('upgrade', onUpgrade);
      await served.dispose(); // closes every client with GOING_AWAY, then the endpoint
    },
  };
}
