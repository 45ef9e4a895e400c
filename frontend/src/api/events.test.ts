import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { backendEvents, subscribe } from './events'

// A stand-in for the browser's EventSource: the test dispatches events on it.
class FakeSource extends EventTarget {
  static made: FakeSource[] = []
  closed = false
  constructor(readonly url: string) {
    super()
    FakeSource.made.push(this)
  }
  close() {
    this.closed = true
  }
  emit(name: string, data: string) {
    this.dispatchEvent(new MessageEvent(name, { data }))
  }
}

describe('subscribe', () => {
  beforeEach(() => {
    FakeSource.made = []
    vi.stubGlobal('EventSource', FakeSource)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    delete window.go
    delete window.runtime
  })

  it('reads one stream of /api/events in a browser, closed with its last listener', () => {
    const a = vi.fn()
    const b = vi.fn()
    const offA = subscribe(backendEvents.auditAppended, a)
    const offB = subscribe(backendEvents.settingsChanged, b)
    expect(FakeSource.made).toHaveLength(1)
    const source = FakeSource.made[0]!
    expect(source.url).toBe('/api/events')

    source.emit('audit.appended', '{"seq":7,"actions":["settings.update"]}')
    source.emit('settings.changed', '{}')
    source.emit('audit.appended', 'not json')
    expect(a).toHaveBeenCalledTimes(1)
    expect(a).toHaveBeenCalledWith({ seq: 7, actions: ['settings.update'] })
    expect(b).toHaveBeenCalledWith({})

    offA()
    offA()
    expect(source.closed).toBe(false)
    source.emit('audit.appended', '{"seq":8,"actions":[]}')
    expect(a).toHaveBeenCalledTimes(1)
    offB()
    expect(source.closed).toBe(true)
  })

  it('listens through the Wails runtime in the window', () => {
    const off = vi.fn()
    const on = vi.fn((_name: string, cb: (data: unknown) => void) => {
      cb({ seq: 1, actions: [] })
      return off
    })
    window.go = { app: {} }
    window.runtime = { EventsOn: on }
    const fn = vi.fn()
    const stop = subscribe(backendEvents.auditAppended, fn)
    expect(on).toHaveBeenCalledWith('audit.appended', expect.any(Function))
    expect(fn).toHaveBeenCalledWith({ seq: 1, actions: [] })
    expect(FakeSource.made).toHaveLength(0)
    stop()
    expect(off).toHaveBeenCalled()
  })

  it('does nothing where there is no EventSource', () => {
    vi.stubGlobal('EventSource', undefined)
    const stop = subscribe(backendEvents.settingsChanged, vi.fn())
    expect(FakeSource.made).toHaveLength(0)
    stop()
  })
})
