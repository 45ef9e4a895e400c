// What a flow's steps may call: the connectors the profile sees that are not
// sealed, their interfaces on connections that are not sealed, and each
// interface's definition (its input params to map, its response params an
// earlier step offers), loaded once per editor.
import { reactive, ref } from 'vue'
import { connectors as connectorApi, ifaceApi } from '@/api'
import type { ConnectorDetail } from '@/api'
import type { InterfaceView, RequestParam, ResponseParam } from '@/api/interfaces'

export function useCatalog() {
  const connectors = ref<ConnectorDetail[]>([])
  const loaded = ref(false)
  const ifaces = reactive(new Map<string, InterfaceView | null>())
  const pending = new Map<string, Promise<InterfaceView | null>>()

  async function load() {
    const page = await connectorApi.list({ search: '', status: 'active', tag: '', offset: 0, limit: 500 })
    connectors.value = await Promise.all((page.items ?? []).map((c) => connectorApi.get(c.key)))
    loaded.value = true
  }

  /** iface loads (once) the definition of connector/key; null when it cannot be read. */
  function iface(connector: string, key: string): Promise<InterfaceView | null> {
    const id = `${connector}/${key}`
    if (!connector || !key) return Promise.resolve(null)
    if (ifaces.has(id)) return Promise.resolve(ifaces.get(id) ?? null)
    let p = pending.get(id)
    if (!p) {
      p = ifaceApi.get(connector, key).then(
        (v) => (ifaces.set(id, v), v),
        () => (ifaces.set(id, null), null),
      )
      pending.set(id, p)
    }
    return p
  }

  /** The interfaces a new step may call, by connector (sealed connections' left out). */
  function callable() {
    return connectors.value
      .filter((c) => c.status !== 'sealed')
      .map((c) => ({
        connector: c,
        interfaces: (c.interfaceList ?? []).filter((i) => i.connectionStatus !== 'sealed'),
      }))
      .filter((g) => g.interfaces.length)
  }

  return { connectors, loaded, ifaces, load, iface, callable }
}

export type Catalog = ReturnType<typeof useCatalog>

/** mappableParams are an interface's top-level request params whose value the caller gives (source input). */
export function mappableParams(v: InterfaceView | null | undefined): RequestParam[] {
  return (v?.request ?? []).filter((p) => (p.source?.kind ?? 'input') === 'input')
}

/** A value a step can read: its path in a template ({{ path }}) and its type. */
export interface Ref {
  path: string
  type: string
}

/** outputRefs are the steps.<key>.outputs.<name> a later step can read, typed from the response params. */
export function outputRefs(stepKey: string, response: readonly ResponseParam[] | undefined): Ref[] {
  return (response ?? []).map((r) => ({ path: `steps.${stepKey}.outputs.${r.name}`, type: r.type }))
}
