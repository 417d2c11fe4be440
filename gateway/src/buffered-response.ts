import type { IncomingHttpHeaders } from 'node:http';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';

/** What RemoteGraphQLDataSource takes from its fetcher. */
type FetcherResponse = Awaited<ReturnType<RemoteGraphQLDataSource['fetcher']>>;
type FetcherHeaders = FetcherResponse['headers'];

const utf8 = new TextDecoder();

/** A response's headers, read-only, by lower-case name; a repeated header's values joined with ", " as in Fetch. */
export class ReceivedHeaders implements FetcherHeaders {
  private readonly byName = new Map<string, string>();

  constructor(headers: IncomingHttpHeaders) {
    for (const [name, value] of Object.entries(headers))
      if (value !== undefined)
        this.byName.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
  }

  get(name: string): string | null {
    return this.byName.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }
  append(name: string, _value?: string): void {
    throw new TypeError(`The headers of a received response cannot change (${name})`);
  }
  delete(name: string): void {
    this.append(name);
  }
  set(name: string, _value?: string): void {
    this.append(name);
  }
  entries(): IterableIterator<[string, string]> {
    return this.byName.entries();
  }
  keys(): IterableIterator<string> {
    return this.byName.keys();
  }
  values(): IterableIterator<string> {
    return this.byName.values();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.byName.entries();
  }
}

/**
 * A subgraph's answer, read whole, as the fetch response RemoteGraphQLDataSource reads: status, headers and a body
 * read once. Building and reading a Fetch Response instead (a stream over the buffer, a Headers object, WebIDL
 * checks) was about a quarter of the gateway's CPU on cross-subgraph queries. Its `url` is empty, as a Response
 * built from a body is: RemoteGraphQLDataSource puts it in the errors clients see, and a subgraph's address is not
 * theirs to know.
 */
export class BufferedResponse implements FetcherResponse {
  readonly redirected = false;
  readonly url = '';
  readonly status: number;
  readonly ok: boolean;
  readonly statusText: string;
  readonly headers: ReceivedHeaders;
  private readonly body: Buffer;
  private used = false;

  constructor(answer: {
    status: number;
    statusText: string;
    headers: ReceivedHeaders;
    body: Buffer;
  }) {
    this.status = answer.status;
    this.ok = answer.status >= 200 && answer.status < 300;
    this.statusText = answer.statusText;
    this.headers = answer.headers;
    this.body = answer.body;
  }

  get bodyUsed(): boolean {
    return this.used;
  }

  async text(): Promise<string> {
    return utf8.decode(this.consume()); // as Response.text(): a leading byte-order mark is dropped
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.consume();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  clone(): BufferedResponse {
    if (this.used) throw new TypeError('A response whose body was read cannot be cloned');
    const { status, statusText, headers, body } = this;
    return new BufferedResponse({ status, statusText, headers, body });
  }

  private consume(): Buffer {
    if (this.used) throw new TypeError('The body of this response was read already');
    this.used = true;
    return this.body;
  }
}
