// The test console's calls of the app/ facade (struct Interfaces): one call of
// an interface, its invocation history and "view as" another charset. The
// shapes are the generated models of service's and app's views.
import type { app, invoke, service } from '@wails/go/models'
import { call, cancellable, hasDesktop } from './transport'
import type { Data } from './types'

export type { Verdict } from './types'
export type InvocationKind = 'test' | 'invoke' | 'bulk'

/** What the console sends (service.InvokeInput); kind is set by the facade. */
export type InvokeInput = Omit<Data<service.InvokeInput>, 'kind'>

/** The request as sent, secrets already redacted by the backend. */
export type RequestRecord = Data<invoke.RequestRecord>

/** Milliseconds: firstByteMs counts from the start of the request, totalMs is the whole call. */
export type Timing = Data<invoke.Timing>

/** The answer as received, decoded with the connection's charset up to the engine's body cap. */
export type ResponseRecord = Data<invoke.ResponseRecord>

/** A token request a call made, secrets redacted; error says why it failed. */
export type TokenStep = Data<invoke.TokenStep>

/** The shells copy as cURL writes for (invoke.Shells). */
export type CurlShell = 'bash' | 'powershell'

/** The outcome of one call and the id of the history row that records it. */
export type InvokeResult = Data<service.InvokeResult>

/**
 * A call made from the console (app.ConsoleResult): response.body holds at most the first
 * 256 KiB when bodyClipped; the rest comes from bodyChunk.
 */
export type ConsoleResult = Data<app.ConsoleResult>

/** A piece of a kept body; next is the byte offset after it. */
export type BodyChunk = Data<app.BodyChunk>

/** One row of an interface's history, newest first. */
export type HistoryItem = Data<service.HistoryItem>

/** The answer a history row kept: the body at most 256 KiB (capped says it was cut). */
export type HistoryResponse = Data<service.HistoryResponse>

export type RepeatSummary = Data<service.RepeatSummary>

/** One history row in full. */
export type HistoryDetail = Data<service.HistoryDetail>

export const consoleApi = {
  /**
   * Calls the interface (recorded as a test) and answers the first 256 KiB of the body.
   * Aborting signal cancels the call in the backend (its connection closes).
   */
  test: (connector: string, iface: string, input: InvokeInput, signal = new AbortController().signal) =>
    cancellable(signal, 'Interfaces', 'Test', connector, iface, { ...input, kind: 'test' }),
  /** A piece of the whole body of one of the last calls made with test (byte offsets). */
  bodyChunk: (historyId: string, offset: number, limit: number) =>
    call('Interfaces', 'ResponseBodyChunk', historyId, offset, limit),
  /** Saves the whole body of one of the last calls made with test, straight from the backend (desktop only). */
  saveCallBody: (historyId: string, name: string) => call('Interfaces', 'SaveCallBody', historyId, name),
  history: async (connector: string, iface: string, limit = 200): Promise<HistoryItem[]> =>
    (await call('Interfaces', 'ListHistory', connector, iface, limit)) ?? [],
  historyDetail: (id: string) => call('Interfaces', 'GetHistory', id),
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
