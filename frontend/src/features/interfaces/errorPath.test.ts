import { describe, expect, it } from 'vitest'
import { createAppI18n } from '@/i18n'
import en from '@/i18n/en.json'
import type { CondGroup, CondRule } from './condition'
import { toCondTree } from './condition'
import { locateError, parseFieldPath } from './errorPath'
import { editorWording, ifaceErrorText, type EditorError } from './errorText'
import { toRequestParams, toRequestRows, toRespRows } from './model'

function context() {
  // Sent in the order path, query, header, body: request[0] is the path param,
  // request[3] the body param "order".
  const request = toRequestRows([
    { name: 'order', in: 'body', type: 'object', required: false, source: { kind: 'input' }, description: '', children: [
      { name: 'note', type: 'string', required: false, source: { kind: 'input' }, description: '' },
      { name: 'lines', type: 'array', required: false, source: { kind: 'map', value: '{{input.items}}' }, description: '', children: [
        { name: 'sku', type: 'string', required: false, source: { kind: 'template', value: 'x' }, description: '' },
      ] },
    ] },
    { name: 'q', in: 'query', type: 'string', required: false, source: { kind: 'input' }, description: '' },
    { name: 'X-A', in: 'header', type: 'string', required: false, source: { kind: 'input' }, description: '' },
    { name: 'id', in: 'path', type: 'string', required: true, source: { kind: 'input' }, description: '' },
  ])
  const { origin } = toRequestParams(request)
  const response = toRespRows([
    { name: 'code', type: 'integer', path: 'code' },
    { name: 'data', type: 'object', path: 'data', children: [{ name: 'id', type: 'string', path: '' }] },
  ])
  const success = toCondTree({
    all: [
      { field: 'status', op: 'eq', value: 200 },
      { any: [{ field: 'response.code', op: 'eq', value: 0 }, { any: [] }] },
    ],
  })
  return { origin, request, response, success }
}

describe('parseFieldPath', () => {
  it('splits names and indexes', () => {
    expect(parseFieldPath('request[2].children[0].source.value')).toEqual([
      { name: 'request', index: 2 },
      { name: 'children', index: 0 },
      { name: 'source' },
      { name: 'value' },
    ])
  })
})

describe('locateError', () => {
  const ctx = context()
  const body = ctx.request.body[0]!
  const sub = (g: CondGroup, i: number) => g.items[i]!

  it('finds a nested request param on its tab, through the order the params were sent in', () => {
    expect(locateError('request[3].children[1].children[0].source.value', ctx)).toEqual({
      tab: 'body',
      rowId: body.children[1]!.children[0]!.id,
      column: 'source',
    })
    expect(locateError('request[3].children[0].name', ctx)).toEqual({ tab: 'body', rowId: body.children[0]!.id, column: 'name' })
    expect(locateError('request[0]', ctx)).toEqual({ tab: 'path', rowId: ctx.request.path[0]!.id, column: undefined })
    expect(locateError('request[1].type', ctx)).toEqual({ tab: 'query', rowId: ctx.request.query[0]!.id, column: 'type' })
    expect(locateError('request[2].children', ctx)).toEqual({ tab: 'header', rowId: ctx.request.header[0]!.id, column: 'children' })
  })

  it('finds response params', () => {
    expect(locateError('response[1].children[0].path', ctx)).toEqual({
      tab: 'response',
      rowId: ctx.response[1]!.children[0]!.id,
      column: 'path',
    })
  })

  it('finds condition rules and groups', () => {
    const group = sub(ctx.success, 1) as CondGroup
    expect(locateError('success.all[1].any[0].op', ctx)).toEqual({ tab: 'success', rowId: (group.items[0] as CondRule).id, column: 'op' })
    expect(locateError('success.all[0].value', ctx)).toEqual({ tab: 'success', rowId: sub(ctx.success, 0).id, column: 'value' })
    // An empty group: the backend names the group's own "any".
    expect(locateError('success.all[1].any[1].any', ctx)).toEqual({ tab: 'success', rowId: group.items[1]!.id, column: undefined })
    expect(locateError('success', ctx)).toEqual({ tab: 'success' })
  })

  it('finds basic info and messages', () => {
    expect(locateError('path', ctx)).toEqual({ basic: 'path' })
    expect(locateError('connectionKey', ctx)).toEqual({ basic: 'connectionKey' })
    expect(locateError('key', ctx)).toEqual({ basic: 'key' })
    expect(locateError('messages.unmet', ctx)).toEqual({ tab: 'success', message: 'unmet' })
  })
})

describe('ifaceErrorText', () => {
  const i18n = (locale: 'zh-CN' | 'en') => createAppI18n(locale).global
  const t = (locale: 'zh-CN' | 'en') => {
    const g = i18n(locale)
    return [(k: string, p: Record<string, unknown>) => g.t(k, p), (k: string) => g.te(k)] as const
  }
  const say = (err: Partial<EditorError>, locale: 'zh-CN' | 'en', opLabel?: (op: string) => string) =>
    ifaceErrorText({ field: '', message: '', reason: '', params: {}, ...err }, ...t(locale), opLabel)

  it('says the rules it knows in the UI language', () => {
    const err = { field: 'request[3].children[1].source.value', reason: 'param.map_list', message: 'must name the list to map, such as {{input.users}}' }
    expect(editorWording({ params: {}, ...err })?.key).toBe('iface.errors.mapList')
    expect(say(err, 'zh-CN')).toBe('列表映射需要指明要映射的列表，例如 {{ input.users }}')
    expect(say({ field: 'success', reason: 'interface.success_required', message: 'is required: say what a successful answer looks like, for example status eq 200' }, 'en')).toBe(
      en.iface.errors.successRequired,
    )
    expect(say({ field: 'request[0].name', reason: 'field.duplicate', params: { name: 'id' }, message: '"id" appears twice' }, 'en')).toContain('id')
    expect(
      say(
        {
          field: 'request[1].source.value',
          reason: 'field.not_one_of',
          params: { value: 'boss', allowed: 'userId, userName, orgId, now, timestamp, uuid, date' },
          message: '"boss" is not one of userId, userName, orgId, now, timestamp, uuid, date',
        },
        'en',
      ),
    ).toBe(en.iface.errors.systemField)
  })

  it('gives the line and column of a malformed sample', () => {
    const text = say(
      {
        field: 'sample',
        reason: 'sample.not_json',
        params: { line: '3', column: '8', detail: "invalid character '}' looking for beginning of value" },
        message: "is not valid JSON: line 3, column 8: invalid character '}' looking for beginning of value",
      },
      'zh-CN',
    )
    expect(text).toContain('3')
    expect(text).toContain('8')
  })

  it('localizes the op it names', () => {
    const text = say({ field: 'success.all[0].value', reason: 'condition.number', params: { op: 'gt' }, message: 'op gt needs a number' }, 'en', (op) => `<${op}>`)
    expect(text).toContain('<gt>')
  })

  it('says a reason it has no wording of its own for by the reason text', () => {
    const err = { field: 'connectionKey', reason: 'interface.connection_sealed', params: { connection: 'prod' }, message: 'connection prod is sealed; new interfaces cannot use it' }
    expect(say(err, 'zh-CN')).toBe('连接信息 prod 已封存，新接口不能使用')
  })

  it('keeps a message it does not know', () => {
    expect(say({ field: 'x', message: 'something new' }, 'en')).toBe('something new')
    expect(say({ field: 'x', reason: 'no.such_reason', message: 'something newer' }, 'en')).toBe('something newer')
  })
})
