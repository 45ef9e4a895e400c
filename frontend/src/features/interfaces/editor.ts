// The interface editor's state: the connector it belongs to, the stored
// definition, the working copy (draft), whether it changed, saving and the
// backend's validation error placed on its tab and row. The page creates it
// and provides it to its parts (useEditor).
import { computed, inject, provide, reactive, ref, shallowRef, watch, type InjectionKey, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { connectors, ifaceApi, toApiError, type ApiError, type ConnectorDetail, type UserView } from '@/api'
import { useSession } from '@/stores/session'
import type { InterfaceInput, InterfaceView, Messages } from '@/api/interfaces'
import { fromCondTree, findNode, toCondTree, type CondGroup } from './condition'
import { locateError, type EditorTab, type ErrorTarget } from './errorPath'
import {
  findRow,
  toRequestParams,
  toRequestRows,
  toResponseParams,
  toRespRows,
  type ParamOrigin,
  type RequestRows,
  type RespRow,
} from './model'
import { splitPastedPath, syncPathParams, withQueryParams, type PastedPath } from './pathParams'

export interface Draft {
  key: string
  name: string
  description: string
  connectionKey: string
  method: string
  path: string
  bodyType: string
  request: RequestRows
  response: RespRow[]
  success: CondGroup
  messages: Messages
}

/** A backend error placed in the editor. */
export interface PlacedError {
  err: ApiError
  target: ErrorTarget
  /** What the faulty part looked like when the error came; editing it clears the error. */
  snapshot: string
}

function emptyDraft(): Draft {
  return {
    key: '',
    name: '',
    description: '',
    connectionKey: '',
    method: 'GET',
    path: '',
    bodyType: 'none',
    request: toRequestRows([]),
    response: [],
    success: toCondTree(undefined),
    messages: { unmet: '', timeout: '', error: '' },
  }
}

function draftFrom(v: InterfaceView): Draft {
  return {
    key: v.key,
    name: v.name,
    description: v.description ?? '',
    connectionKey: v.connectionKey ?? '',
    method: v.method || 'GET',
    path: v.path ?? '',
    bodyType: v.bodyType || 'none',
    request: toRequestRows(v.request),
    response: toRespRows(v.response),
    success: toCondTree(v.success),
    messages: { unmet: v.messages?.unmet ?? '', timeout: v.messages?.timeout ?? '', error: v.messages?.error ?? '' },
  }
}

/** buildInput turns a draft into what the backend is sent, and where its request params came from. */
export function buildInput(d: Draft): { input: InterfaceInput; origin: ParamOrigin[] } {
  const { params, origin } = toRequestParams(d.request)
  return {
    input: {
      key: d.key.trim(),
      name: d.name.trim(),
      description: d.description.trim(),
      connectionKey: d.connectionKey,
      method: d.method.trim().toUpperCase(),
      path: d.path.trim(),
      bodyType: d.bodyType,
      request: params,
      response: toResponseParams(d.response),
      success: fromCondTree(d.success),
      messages: { ...d.messages },
    },
    origin,
  }
}

export function createEditor(connectorKey: Ref<string>, ifaceKey: Ref<string | null>) {
  const connector = shallowRef<ConnectorDetail | null>(null)
  const view = shallowRef<InterfaceView | null>(null)
  const loading = ref(false)
  const loadError = ref<ApiError | null>(null)
  const draft = reactive<Draft>(emptyDraft())
  const baseline = ref('')
  const saving = ref(false)
  const tab = ref<EditorTab>('query')
  const error = shallowRef<PlacedError | null>(null)
  const pathStash = new Map<string, ReturnType<typeof toRequestRows>['path'][number]>()

  const isNew = computed(() => ifaceKey.value === null)
  const snapshot = () => JSON.stringify(buildInput(draft).input)
  const dirty = computed(() => baseline.value !== '' && snapshot() !== baseline.value)
  const canMaintain = computed(() => connector.value?.access.level === 'maintain')
  const connectorSealed = computed(() => connector.value?.status === 'sealed')
  /** Whether the user may save: maintain access, and for a new interface a connector that is not sealed. */
  const editable = computed(() => canMaintain.value && !(isNew.value && connectorSealed.value))

  function reset(d: Draft) {
    Object.assign(draft, d)
    pathStash.clear()
    error.value = null
    baseline.value = snapshot()
  }

  /** The tab an interface opens on: the first request tab with params, else by method. */
  function firstTab(d: Draft): EditorTab {
    if (d.request.path.length && !d.request.query.length && !d.request.body.length) return 'path'
    if (d.request.body.length || (d.request.query.length === 0 && !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(d.method))) return 'body'
    return 'query'
  }

  async function load() {
    loading.value = true
    loadError.value = null
    try {
      const [c, v] = await Promise.all([
        connectors.get(connectorKey.value),
        ifaceKey.value === null ? Promise.resolve(null) : ifaceApi.get(connectorKey.value, ifaceKey.value),
      ])
      connector.value = c
      view.value = v
      const d = v ? draftFrom(v) : emptyDraft()
      if (!v) {
        // A new interface starts on the connector's only usable connection.
        const usable = (c.connectionList ?? []).filter((x) => x.status === 'active')
        if (usable.length === 1) d.connectionKey = usable[0]!.key
      }
      reset(d)
      tab.value = v ? firstTab(d) : 'query'
    } catch (e) {
      loadError.value = toApiError(e)
    } finally {
      loading.value = false
    }
  }

  // Path params follow the path as it is typed.
  watch(
    () => draft.path,
    (path) => {
      const next = syncPathParams(path, draft.request.path, pathStash)
      if (next !== draft.request.path) draft.request.path = next
    },
  )

  /** What the last pasted URL became (shown under the path); typing over the path clears it. */
  const pathNote = shallowRef<(PastedPath & { at: string }) | null>(null)
  watch(
    () => draft.path,
    (path) => {
      if (pathNote.value && path !== pathNote.value.at) pathNote.value = null
    },
  )

  /**
   * pastePath takes a full URL or a path with a query string into the path
   * field: the connection's base comes off, the query becomes query params.
   * It returns false when the text is a plain path (nothing to split).
   */
  function pastePath(text: string): boolean {
    const conn = connector.value?.connectionList?.find((c) => c.key === draft.connectionKey) ?? null
    const split = splitPastedPath(text, conn)
    if (!split) return false
    draft.path = split.path
    if (split.query.length) draft.request.query = withQueryParams(draft.request.query, split.query)
    pathNote.value = { ...split, at: split.path }
    return true
  }

  /** targetState is what the part an error points at looks like now. */
  function targetState(t: ErrorTarget): string {
    if (t.basic) return JSON.stringify(draft[t.basic])
    if (t.message) return draft.messages[t.message]
    if (t.tab === 'success') {
      const found = t.rowId ? findNode(draft.success, t.rowId) : null
      return JSON.stringify(found?.node ?? draft.success)
    }
    if (t.tab === 'response') {
      return JSON.stringify(t.rowId ? findRow(draft.response, t.rowId)?.row : draft.response)
    }
    if (t.tab) {
      const rows = draft.request[t.tab]
      return JSON.stringify(t.rowId ? findRow(rows, t.rowId)?.row : rows)
    }
    return ''
  }

  // Editing the part at fault clears its error.
  watch(
    () => (error.value ? targetState(error.value.target) : null),
    (now) => {
      if (error.value && now !== error.value.snapshot) error.value = null
    },
  )

  function place(err: ApiError, origin: ParamOrigin[]) {
    const target = err.field ? locateError(err.field, { origin, request: draft.request, response: draft.response, success: draft.success }) : {}
    error.value = { err, target, snapshot: targetState(target) }
    if (target.tab) tab.value = target.tab
    return target
  }

  /** save sends the draft; it returns the saved interface, or null when the backend refused it (see error). */
  async function save(): Promise<InterfaceView | null> {
    if (saving.value) return null
    const { input, origin } = buildInput(draft)
    saving.value = true
    try {
      const saved = isNew.value
        ? await ifaceApi.create(connectorKey.value, input)
        : await ifaceApi.update(connectorKey.value, ifaceKey.value!, input)
      view.value = saved
      error.value = null
      // The backend normalises the plain fields (method in capitals, a leading
      // "/" on the path); show what it stored. The trees are kept as edited:
      // they are what was stored, and their rows keep their ids.
      Object.assign(draft, {
        key: saved.key,
        name: saved.name,
        description: saved.description ?? '',
        connectionKey: saved.connectionKey,
        method: saved.method,
        path: saved.path,
        bodyType: saved.bodyType,
      })
      baseline.value = snapshot()
      return saved
    } catch (e) {
      const err = toApiError(e)
      place(err, origin)
      return null
    } finally {
      saving.value = false
    }
  }

  return {
    connectorKey,
    ifaceKey,
    connector,
    view,
    loading,
    loadError,
    draft,
    saving,
    tab,
    error,
    isNew,
    dirty,
    canMaintain,
    connectorSealed,
    editable,
    pathNote,
    load,
    save,
    pastePath,
    place,
    snapshot,
  }
}

export type Editor = ReturnType<typeof createEditor>

type Profile = Pick<UserView, 'id' | 'name' | 'orgId'>

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/**
 * systemPreview is what a system field resolves to for the profile: the
 * login fields exactly, the per-call ones (now, timestamp, uuid, date) as an
 * example of their form, as backend/invoke writes them.
 */
export function systemPreview(field: string, profile: Profile | null, now = new Date()): { text: string; example: boolean } {
  switch (field) {
    case 'userId':
      return { text: profile?.id ?? '', example: false }
    case 'userName':
      return { text: profile?.name ?? '', example: false }
    case 'orgId':
      return { text: profile?.orgId ?? '', example: false }
  }
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
  switch (field) {
    case 'now': {
      const off = -now.getTimezoneOffset()
      const zone = off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`
      return { text: `${date}T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}${zone}`, example: true }
    }
    case 'timestamp':
      return { text: String(now.getTime()), example: true }
    case 'date':
      return { text: date, example: true }
    case 'uuid':
      return { text: '3f6c2a9e-8b1d-4c7e-9a52-0d4b7e6f1c28', example: true }
  }
  return { text: '', example: false }
}

/** useSystemPreview gives systemPreview for the window's profile, as text in the UI language. */
export function useSystemPreview(): (field: string) => string {
  const { t } = useI18n()
  const session = useSession()
  return (field) => {
    const p = systemPreview(field, session.me)
    if (p.example) return t('iface.system.example', { value: p.text })
    return p.text === '' ? t('iface.system.empty') : p.text
  }
}

const key: InjectionKey<Editor> = Symbol('iface-editor')

export function provideEditor(e: Editor) {
  provide(key, e)
}

/** useEditor returns the editor the page provided. */
export function useEditor(): Editor {
  const e = inject(key)
  if (!e) throw new Error('useEditor: no interface editor provided')
  return e
}
