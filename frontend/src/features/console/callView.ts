// One call as the result panel shows it, whether it was just made (an
// InvokeResult, with the whole body) or read back from the history (a
// HistoryDetail, with the body the row kept).
import type { ConsoleResult, HistoryDetail, RepeatSummary, RequestRecord, Timing, TokenStep, Verdict } from '@/api/console'
import type { Explainable } from '@/i18n/explain'

export interface CallView {
  historyId: string
  /** live: just made in this window; history: read back from a history row. */
  source: 'live' | 'history'
  at: string
  actor: string
  kind: string
  connection: string
  account: string
  verdict: Verdict
  message: string
  /** message is the backend's stock English wording; the panel says it in the UI's language. */
  defaultMessage: boolean
  /** message with its reason when Junction wrote it (a history row's stock message or a repeated run's figures). */
  messageNote: Explainable | null
  /** Why the verdict is what it is, said in the UI's language by its reason (explain). */
  cause: Explainable
  status: number
  timing: Timing
  /** The call's own request was never sent (its token request failed): its timing is not shown. */
  notSent: boolean
  /** The token request the call made, when it made one (live calls only). */
  tokenStep: TokenStep | null
  request: RequestRecord
  response: {
    headers: Record<string, string>
    body: string
    /** Cut at the engine's body cap when it came. */
    truncated: boolean
    /** Cut to the 256 KiB a history row keeps. */
    capped: boolean
    /** A live call's body holds the first 256 KiB only; the rest is fetched on demand (wholeBody.ts). */
    clipped: boolean
    /** The whole body's length in UTF-8 bytes (0 when not known). */
    bodyBytes: number
    size: number
    charset: string
    contentType: string
    /** false when the history kept no raw bytes (they held a secret); undefined when not known. */
    canViewAs?: boolean
  }
  outputs: Record<string, unknown>
  /** The engine's notes, said in the UI's language by their reason (explain). */
  notes: Explainable[]
  inputs: Record<string, unknown> | null
  summary: RepeatSummary | null
}

/** noteOf reads a note or cause as a domain.Note; a bare text is one without reason. */
const noteOf = (n: string | Explainable): Explainable => (typeof n === 'string' ? { text: n } : n)

const emptyTiming: Timing = { totalMs: 0, dnsMs: 0, connectMs: 0, tlsMs: 0, firstByteMs: 0 }
const emptyRequest: RequestRecord = { method: '', url: '', headers: {}, body: '' }

type ResponseView = CallView['response']
type SourceFlags = Pick<ResponseView, 'capped' | 'clipped' | 'bodyBytes' | 'canViewAs'>

/** responseView fills the response fields both sources share; the cut and size flags only one of them knows come in `flags`. */
function responseView(
  resp: Partial<Pick<ResponseView, 'headers' | 'body' | 'truncated' | 'size' | 'charset' | 'contentType'>>,
  flags: SourceFlags,
): ResponseView {
  return {
    headers: resp.headers ?? {},
    body: resp.body ?? '',
    truncated: !!resp.truncated,
    size: resp.size ?? 0,
    charset: resp.charset ?? '',
    contentType: resp.contentType ?? '',
    ...flags,
  }
}

export function fromResult(
  r: ConsoleResult,
  meta: { at: string; actor: string; connection: string; account: string; inputs: Record<string, unknown> },
): CallView {
  const resp = r.response ?? ({} as Partial<ConsoleResult['response']>)
  return {
    // meta carries at, actor, connection, account and inputs under their CallView names.
    ...meta,
    historyId: r.historyId,
    source: 'live',
    kind: 'test',
    verdict: r.verdict,
    message: r.message ?? '',
    defaultMessage: !!r.defaultMessage,
    messageNote: null,
    cause: r.causeNote ?? noteOf(r.cause ?? ''),
    status: r.status ?? 0,
    timing: r.timing ?? emptyTiming,
    notSent: !!r.notSent,
    tokenStep: r.tokenStep ?? null,
    request: { ...emptyRequest, ...r.request, headers: r.request?.headers ?? {} },
    response: responseView(resp, { capped: false, clipped: !!r.bodyClipped, bodyBytes: r.bodyBytes ?? 0 }),
    outputs: r.outputs ?? {},
    notes: r.noteList?.length ? r.noteList : (r.notes ?? []).map(noteOf),
    summary: null,
  }
}

export function fromHistory(d: HistoryDetail): CallView {
  const resp = d.response ?? ({} as Partial<HistoryDetail['response']>)
  return {
    historyId: d.id,
    source: 'history',
    at: d.at,
    actor: d.actor,
    kind: d.kind,
    connection: d.connection,
    account: d.account,
    verdict: d.verdict,
    message: d.message ?? '',
    defaultMessage: false,
    messageNote: d.messageNote ?? null,
    cause: d.causeNote ?? noteOf(d.cause ?? ''),
    status: d.status ?? 0,
    timing: d.timing ?? emptyTiming,
    notSent: false,
    tokenStep: null,
    request: { ...emptyRequest, ...d.request, headers: d.request?.headers ?? {} },
    response: responseView(resp, { capped: !!resp.capped, clipped: false, bodyBytes: 0, canViewAs: resp.canViewAs }),
    outputs: d.outputs ?? {},
    notes: d.noteList?.length ? d.noteList : (d.notes ?? []).map(noteOf),
    inputs: d.inputs ?? {},
    summary: d.summary ?? null,
  }
}
