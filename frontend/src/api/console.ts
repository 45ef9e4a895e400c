// The test console's calls of the app/ facade (struct Interfaces): one call of
// an interface, its invocation history and "view as" another charset. The
// result shapes are written out here because the generated model cannot type
// the embedded invoke.Result's response (it carries a field the wire never has).
import type { service } from '@wails/go/models'
import { call, cancellable, hasDesktop } from './transport'
import type { Data, Timestamp } from './types'

export type Verdict = 'ok' | 'unmet' | 'timeout' | 'error'
export type InvocationKind = 'test' | 'invoke' | 'bulk'

/** What the console sends (service.InvokeInput); kind is set by the facade. */
export interface InvokeInput {
  /** A connection key of the connector; "" calls the interface's own connection. */
  connection: string
  /** An account name of that connection; "" takes its default account. */
  account: string
  /** Calls without any account even when the connection has some. */
  noAccount: boolean
  inputs: Record<string, unknown>
}

/** The request as sent, secrets already redacted by the backend. */
export interface RequestRecord {
  method: string
  url: string
  headers: Record<string, string>
  body: string
}

/** Milliseconds: firstByteMs counts from the start of the request, totalMs is the whole call. */
export interface Timing {
  totalMs: number
  dnsMs: number
  connectMs: number
  tlsMs: number
  firstByteMs: number
}

/** The answer as received (invoke.ResponseRecord). */
export interface ResponseRecord {
  headers: Record<string, string>
  /** Decoded with the connection's charset, up to the engine's body cap. */
  body: string
  /** The answer was cut at the engine's body cap. */
  truncated: boolean
  size: number
  /** The charset the body was decoded with (the connection's). */
  charset: string
  /** What the response's Content-Type header claimed. */
  contentType: string
}

/** A token request a call made (invoke.TokenStep), secrets redacted; error says why it failed. */
export interface TokenStep {
  request: RequestRecord
  /** 0 when no answer came. */
  status: number
  responseHeaders: Record<string, string>
  responseBody: string
  ms: number
  tokenPath: string
  tokenFound: boolean
  /** The token's lifetime; expiresFrom: answer (expiresInPath), ttl (the setting) or default (one hour). */
  expiresInSec: number
  expiresFrom: string
  error?: string
}

/** The shells copy as cURL writes for (invoke.Shells). */
export type CurlShell = 'bash' | 'powershell'

/** The outcome of one call and the id of the history row that records it. */
export interface InvokeResult {
  verdict: Verdict
  ok: boolean
  message: string
  status: number
  outputs: Record<string, unknown> | null
  request: RequestRecord
  response: ResponseRecord
  timing: Timing
  notes: string[] | null
  cause?: string
  /** message is Junction's stock wording for the verdict (no template set): say it in the UI's language. */
  defaultMessage?: boolean
  /** The token request this call made, when it made one. */
  tokenStep?: TokenStep
  /** The call's own request was never sent (its token request failed): no timing of its own. */
  notSent?: boolean
  historyId: string
}

/**
 * A call made from the console (app.ConsoleResult): response.body holds at most the first
 * 256 KiB when bodyClipped; the rest comes from bodyChunk.
 */
export interface ConsoleResult extends InvokeResult {
  bodyClipped: boolean
  /** The whole body's length in UTF-8 bytes. */
  bodyBytes: number
}

/** A piece of a kept body; next is the byte offset after it. */
export interface BodyChunk {
  text: string
  next: number
  done: boolean
}

/** One row of an interface's history, newest first. */
export interface HistoryItem {
  id: string
  at: Timestamp
  kind: InvocationKind
  verdict: Verdict
  message: string
  status: number
  totalMs: number
  actor: string
  account: string
  connection: string
}

/** The answer a history row kept: the body at most 256 KiB (capped says it was cut). */
export interface HistoryResponse extends ResponseRecord {
  capped: boolean
  /** The raw bytes were kept, so viewAs can decode them with another charset. */
  canViewAs: boolean
}

export type RepeatSummary = Data<service.RepeatSummary>

/** One history row in full. */
export interface HistoryDetail extends HistoryItem {
  connector: string
  interface: string
  inputs: Record<string, unknown>
  request: RequestRecord
  response: HistoryResponse
  outputs: Record<string, unknown>
  timing: Timing
  notes: string[]
  cause?: string
  summary?: RepeatSummary
}

type Wire = never

export const consoleApi = {
  /**
   * Calls the interface (recorded as a test) and answers the first 256 KiB of the body.
   * Aborting signal cancels the call in the backend (its connection closes).
   */
  test: async (connector: string, iface: string, input: InvokeInput, signal = new AbortController().signal) =>
    (await cancellable(signal, 'Interfaces', 'Test', connector, iface, { ...input, kind: 'test' } as Wire)) as unknown as ConsoleResult,
  /** A piece of the whole body of one of the last calls made with test (byte offsets). */
  bodyChunk: async (historyId: string, offset: number, limit: number) =>
    (await call('Interfaces', 'ResponseBodyChunk', historyId, offset, limit)) as unknown as BodyChunk,
  /** Saves the whole body of one of the last calls made with test, straight from the backend (desktop only). */
  saveCallBody: (historyId: string, name: string) => call('Interfaces', 'SaveCallBody', historyId, name),
  history: async (connector: string, iface: string, limit = 200) =>
    ((await call('Interfaces', 'ListHistory', connector, iface, limit)) ?? []) as unknown as HistoryItem[],
  historyDetail: async (id: string) => (await call('Interfaces', 'GetHistory', id)) as unknown as HistoryDetail,
  /** A recorded request as a command for shell that sends the bytes the call sent in charset (the connection's). */
  curl: (request: RequestRecord, charset: string, shell: CurlShell) => call('Interfaces', 'Curl', request, charset, shell),
  /** Decodes a recorded call's raw response bytes (what the history kept) with another charset. */
  viewAs: (historyId: string, charset: string) => call('Interfaces', 'ViewAs', historyId, charset),
  /**
   * Saves a body as a file: a native save dialog in the desktop window (which cannot
   * download), a browser download otherwise. Resolves to the path written, "" when cancelled
   * or when the browser took over.
   */
  saveBody: async (name: string, body: string): Promise<string> => {
    if (hasDesktop()) {
      return call('Interfaces', 'SaveResponseBody', name, body)
    }
    const url = URL.createObjectURL(new Blob([body], { type: 'text/plain;charset=utf-8' }))
    const a = document.createElement('a')
    a.href = url
    a.download = name
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
    return ''
  },
}
