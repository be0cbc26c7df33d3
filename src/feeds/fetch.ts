// HTTP for feeds: one GET with a timeout and a byte cap, answered by a typed outcome rather
// than an exception, so one dead or hostile feed is a value the poller records and moves past.
// Conditional GET, redirects bookkeeping and Retry-After come with the feed-ingestion issue.

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
}

export type FetchOutcome = { ok: true; body: string; status: number } | { ok: false; error: string; status: number | null };

/** Fetches a feed's body as text; never throws for network, HTTP or size problems. */
export async function fetchFeedBody(url: string, options: FetchOptions): Promise<FetchOutcome> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { 'user-agent': options.userAgent, accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1' },
      redirect: 'follow',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    return { ok: false, status: null, error: describeNetworkError(error, options.timeoutMs) };
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, status: response.status, error: `HTTP ${response.status} ${response.statusText}`.trim() };
  }
  try {
    const bytes = await readCapped(response, options.maxBytes);
    if (bytes === null) return { ok: false, status: response.status, error: `response larger than ${options.maxBytes} bytes` };
    return { ok: true, status: response.status, body: decode(bytes, response.headers.get('content-type')) };
  } catch (error) {
    return { ok: false, status: response.status, error: describeNetworkError(error, options.timeoutMs) };
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | null> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return null;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (!response.body) return new Uint8Array();
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

// The charset of the Content-Type header when it names one; UTF-8 otherwise.
function decode(bytes: Uint8Array, contentType: string | null): string {
  const charset = /charset=["']?([\w-]+)/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no response within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

/** Names Vigil and, when configured, a contact address, so a publisher knows whom to ask. */
export function userAgent(version: string, contact: string | undefined): string {
  return `Vigil/${version} (humanitarian early-warning monitor${contact ? `; ${contact}` : ''})`;
}
