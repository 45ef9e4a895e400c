import { describe, expect, it, vi } from 'vitest'
import { stubFetch } from './testing'
import { callHeader, viaBridge } from './bridge'
import { cancellable } from './transport'

describe('cancellable calls', () => {
  const fetchMock = stubFetch()

  it('in a browser: sends the call id as argument and header, and aborts the request', async () => {
    let seen: RequestInit | undefined
    fetchMock.mockImplementation((_url, init) => {
      seen = init
      return new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
      })
    })
    const ctl = new AbortController()
    const pending = cancellable(ctl.signal, 'Interfaces', 'Test', 'crm', 'get', { inputs: {} } as never)
    await vi.waitFor(() => expect(seen).toBeDefined())
    const headers = seen?.headers as Record<string, string>
    const id = headers[callHeader]
    expect(id).toBeTruthy()
    expect(JSON.parse(String(seen?.body))).toEqual([id, 'crm', 'get', { inputs: {} }])
    ctl.abort(new Error('stopped by the user'))
    await expect(pending).rejects.toThrow('stopped by the user')
  })

  it('in the window: asks Session.Cancel for the same call id', async () => {
    let release: (v: unknown) => void = () => {}
    const test = vi.fn((id: string, ...rest: unknown[]) => new Promise((resolve) => (release = () => resolve([id, rest]))))
    const cancel = vi.fn((id: string) => {
      release({ cancelledId: id })
      return Promise.resolve()
    })
    window.go = { app: { Interfaces: { Test: test }, Session: { Cancel: cancel } } as never }
    const ctl = new AbortController()
    const pending = cancellable(ctl.signal, 'Interfaces', 'Test', 'crm', 'get', { inputs: {} } as never)
    await vi.waitFor(() => expect(test).toHaveBeenCalled())
    const id = test.mock.calls[0]![0]
    ctl.abort(new Error('stopped'))
    await expect(pending).rejects.toThrow('stopped')
    expect(cancel).toHaveBeenCalledWith(id)
  })

  it('refuses to start once aborted', async () => {
    const ctl = new AbortController()
    ctl.abort(new Error('already'))
    await expect(cancellable(ctl.signal, 'Interfaces', 'Test', 'crm', 'get', {} as never)).rejects.toThrow('already')
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('a plain call sends no call header', async () => {
    fetchMock.mockResolvedValue(new Response('null', { status: 200 }))
    await viaBridge('Connectors', 'Seal', ['crm'])
    expect(fetchMock.mock.calls[0]![1]?.headers).toEqual({ 'Content-Type': 'application/json' })
  })
})
