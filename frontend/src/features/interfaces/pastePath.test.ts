import { describe, expect, it } from 'vitest'
import { nextTick, ref } from 'vue'
import type { ConnectorDetail } from '@/api'
import { createAppI18n } from '@/i18n'
import { createEditor, systemPreview } from './editor'
import { locateError } from './errorPath'
import { editorWording, ifaceErrorText, type EditorError } from './errorText'
import { newParamRow, toRequestParams, toRequestRows } from './model'
import { splitPastedPath, withQueryParams } from './pathParams'

const conn = { protocol: 'https', host: 'erp.example.com', basePath: '/open/v2' }

describe('splitPastedPath', () => {
  it('takes the connection base off a pasted URL and splits its query', () => {
    expect(splitPastedPath('https://erp.example.com/open/v2/shops/{shop}/orders?page=2&lang=zh_CN#top', conn)).toEqual({
      path: '/shops/{shop}/orders',
      query: [
        { name: 'page', value: '2' },
        { name: 'lang', value: 'zh_CN' },
      ],
      stripped: 'https://erp.example.com/open/v2',
    })
  })

  it('keeps the whole path when the base path is not its start, and says so for another host', () => {
    expect(splitPastedPath('http://ERP.example.com/openapi/x', conn)).toEqual({ path: '/openapi/x', query: [], stripped: 'http://ERP.example.com' })
    expect(splitPastedPath('https://other.example.com/open/v2/x?a=%E4%B8%AD', conn)).toEqual({
      path: '/open/v2/x',
      query: [{ name: 'a', value: '中' }],
      otherOrigin: 'https://other.example.com',
    })
  })

  it('splits the query off a plain path and leaves a plain path alone', () => {
    expect(splitPastedPath('/users?id=7', conn)).toEqual({ path: '/users', query: [{ name: 'id', value: '7' }] })
    expect(splitPastedPath('/users/{id}', conn)).toBeNull()
    expect(splitPastedPath('https://erp.example.com/open/v2', conn)?.path).toBe('')
  })
})

describe('withQueryParams', () => {
  it('adds caller inputs with the value as default and updates a param already there', () => {
    const page = newParamRow({ name: 'page', type: 'integer' })
    const rows = withQueryParams([page], [
      { name: 'page', value: '2' },
      { name: 'lang', value: 'zh_CN' },
    ])
    expect(rows.map((r) => [r.name, r.type, r.source.kind, r.defaultText])).toEqual([
      ['page', 'integer', 'input', '2'],
      ['lang', 'string', 'input', 'zh_CN'],
    ])
    expect(rows[0]).toBe(page)
  })
})

describe('editor.pastePath', () => {
  it('fills the path, the path params and the query params, and notes what it did until the path is typed over', async () => {
    const editor = createEditor(ref('erp'), ref(null))
    editor.connector.value = { key: 'erp', connectionList: [{ key: 'prod', ...conn, status: 'active' }] } as unknown as ConnectorDetail
    editor.draft.connectionKey = 'prod'
    expect(editor.pastePath('/plain/{id}')).toBe(false)
    expect(editor.pastePath('https://erp.example.com/open/v2/users/{id}?expand=dept')).toBe(true)
    await nextTick()
    expect(editor.draft.path).toBe('/users/{id}')
    expect(editor.draft.request.path.map((r) => r.name)).toEqual(['id'])
    expect(editor.draft.request.query.map((r) => [r.name, r.defaultText])).toEqual([['expand', 'dept']])
    expect(editor.pathNote.value?.stripped).toBe('https://erp.example.com/open/v2')
    editor.draft.path = '/users/{id}/x'
    await nextTick()
    expect(editor.pathNote.value).toBeNull()
  })
})

describe('systemPreview', () => {
  const me = { id: 'u-42', name: 'alice', orgId: 'org-7' }
  const at = new Date(2026, 11, 2, 9, 5, 7)
  it('gives the login fields exactly and the per-call ones as an example', () => {
    expect(systemPreview('userId', me, at)).toEqual({ text: 'u-42', example: false })
    expect(systemPreview('userName', me, at)).toEqual({ text: 'alice', example: false })
    expect(systemPreview('orgId', me, at)).toEqual({ text: 'org-7', example: false })
    expect(systemPreview('orgId', null, at)).toEqual({ text: '', example: false })
    expect(systemPreview('date', me, at)).toEqual({ text: '2026-12-02', example: true })
    expect(systemPreview('timestamp', me, at)).toEqual({ text: String(at.getTime()), example: true })
    expect(systemPreview('now', me, at).text).toMatch(/^2026-12-02T09:05:07(Z|[+-]\d\d:\d\d)$/)
    expect(systemPreview('uuid', me, at).text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  })
})

describe('header and path rule messages', () => {
  const g = (locale: 'zh-CN' | 'en') => createAppI18n(locale).global
  const say = (c: EditorError, locale: 'zh-CN' | 'en') =>
    ifaceErrorText(c, (k, p) => g(locale).t(k, p), (k) => g(locale).te(k))

  it('says the new backend rules in both languages', () => {
    const cases: (EditorError & { zh: string })[] = [
      { field: 'request[3].name', reason: 'header.duplicate_case', params: { name: 'X-User-Id' }, message: 'duplicates header X-User-Id (header names ignore case)', zh: '与请求头「X-User-Id」重复（请求头名称不区分大小写）' },
      { field: 'path', reason: 'path.unclosed', params: { at: '{id' }, message: 'has an unclosed { at "{id": write {name}', zh: '路径中的 { 没有闭合（在「{id」处）：请写成 {参数名}' },
      { field: 'path', reason: 'path.stray_close', params: { before: '/users/id' }, message: 'has a } without its { after "/users/id": write {name}', zh: '路径中的 } 前面没有对应的 {（在「/users/id」之后）：请写成 {参数名}' },
      { field: 'path', reason: 'path.var_twice', params: { name: 'id' }, message: 'has {id} twice: each path param fills one place in the path', zh: '路径中 {id} 出现了两次：每个路径参数只能占一个位置' },
    ]
    for (const c of cases) {
      expect(editorWording(c), c.message).not.toBeNull()
      expect(say(c, 'zh-CN')).toBe(c.zh)
      expect(say(c, 'en')).not.toBe(c.message)
    }
    expect(say(cases[3]!, 'en')).toBe('The path has {id} twice: each path param fills one place')
  })

  it('puts the duplicate header error on the second header row', () => {
    const request = toRequestRows([
      { name: 'X-User-Id', in: 'header', type: 'string', required: false, source: { kind: 'system', value: 'userId' }, description: '' },
      { name: 'x-user-id', in: 'header', type: 'string', required: false, source: { kind: 'input' }, description: '' },
    ])
    const { origin } = toRequestParams(request)
    const target = locateError('request[1].name', { origin, request, response: [], success: { id: 's', kind: 'group', join: 'all', items: [] } as never })
    expect(target).toEqual({ tab: 'header', rowId: request.header[1]!.id, column: 'name' })
  })
})
