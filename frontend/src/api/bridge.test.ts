import { describe, expect, it, vi } from 'vitest'
import { stubFetch } from './testing'
import { viaBridge } from './bridge'
import { ApiError } from './error'
import { exportToFile } from './files'
import { call } from './transport'

function answer(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'application/json' } })
}

describe('viaBridge', () => {
  const fetchMock = stubFetch()

  it('posts the arguments with the session cookie and returns the result', async () => {
    fetchMock.mockResolvedValue(answer(200, '{"key":"crm"}'))
    await expect(viaBridge('Connectors', 'Get', ['crm'])).resolves.toEqual({ key: 'crm' })
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('/api/Connectors/Get')
    expect(init?.method).toBe('POST')
    // The cookie is the browser's to send: the page holds no token and sets no header for it.
    expect(init?.credentials).toBe('same-origin')
    expect(init?.headers).toEqual({ 'Content-Type': 'application/json' })
    expect(init?.body).toBe('["crm"]')
  })

  it('answers null for a method without a result', async () => {
    fetchMock.mockResolvedValue(answer(200, 'null'))
    await expect(viaBridge('Connectors', 'Seal', ['crm'])).resolves.toBeNull()
  })

  it('sends undefined arguments as null, as Wails does', async () => {
    fetchMock.mockResolvedValue(answer(200, '""'))
    await viaBridge('Exchange', 'Export', [['crm'], undefined])
    expect(fetchMock.mock.calls[0]![1]?.body).toBe('[["crm"],null]')
  })

  it('rejects with the ApiError of the document', async () => {
    fetchMock.mockResolvedValue(answer(400, '{"code":"validation","message":"bad key","field":"key"}'))
    const err = await viaBridge('Connectors', 'Create', [{}]).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'validation', message: 'bad key', field: 'key' })
  })

  it('rejects a call of a browser not signed in as permission', async () => {
    fetchMock.mockResolvedValue(answer(401, '{"code":"permission","message":"not signed in"}'))
    await expect(viaBridge('Session', 'Me', [])).rejects.toMatchObject({ code: 'permission' })
  })

  it('makes an answer that is not a document an internal error', async () => {
    fetchMock.mockResolvedValue(new Response('', { status: 502, statusText: 'Bad Gateway' }))
    await expect(viaBridge('Session', 'Me', [])).rejects.toMatchObject({ code: 'internal', message: '502 Bad Gateway' })
  })

  it('says so when the server is gone', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    const err = await viaBridge('Session', 'Me', []).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'internal' })
    expect((err as Error).message).toContain('junction serve')
  })
})

describe('call', () => {
  const fetchMock = stubFetch()

  it('uses the bridge without the desktop runtime', async () => {
    fetchMock.mockResolvedValue(answer(200, '"alice"'))
    await expect(call('Session', 'Profile')).resolves.toBe('alice')
    expect(fetchMock).toHaveBeenCalledOnce()
  })

  it('uses the Wails bindings in the window', async () => {
    const Profile = vi.fn().mockResolvedValue('bob')
    window.go = { app: { Session: { Profile } } }
    await expect(call('Session', 'Profile')).resolves.toBe('bob')
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('exports a package as a download in a browser', async () => {
    fetchMock.mockResolvedValue(answer(200, JSON.stringify('{"format":"junction-package"}')))
    const clicked: string[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download)
    })
    await expect(exportToFile(['crm'])).resolves.toBe('crm.junction.json')
    expect(clicked).toEqual(['crm.junction.json'])
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/Exchange/Export')
    click.mockRestore()
  })
})

describe('the Wails runtime', () => {
  it('is called only where hasDesktop() guards it', () => {
    const sources = import.meta.glob(['/src/**/*.ts', '/src/**/*.vue', '!/src/**/*.test.ts'], {
      query: '?raw',
      import: 'default',
      eager: true,
    }) as Record<string, string>
    expect(Object.keys(sources).length).toBeGreaterThan(10)
    const unguarded = Object.entries(sources)
      .filter(([, text]) => /from ['"](@wails\/runtime|[./]*wailsjs\/runtime)/.test(text) && !text.includes('hasDesktop('))
      .map(([path]) => path)
    expect(unguarded).toEqual([])
  })
})
