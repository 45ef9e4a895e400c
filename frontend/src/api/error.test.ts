import { describe, expect, it } from 'vitest'
import { ApiError, toApiError } from './error'

describe('toApiError', () => {
  it('reads the JSON the Wails error formatter puts in the rejected Error', () => {
    const err = toApiError(new Error('{"code":"validation","message":"is required","field":"key"}'))
    expect(err).toBeInstanceOf(ApiError)
    expect(err.code).toBe('validation')
    expect(err.message).toBe('is required')
    expect(err.field).toBe('key')
  })

  it('reads the reason and its text params', () => {
    const err = toApiError(
      new Error('{"code":"validation","reason":"field.too_long","message":"is longer than 200 characters","field":"name","params":{"max":"200","odd":7}}'),
    )
    expect(err.reason).toBe('field.too_long')
    expect(err.params).toEqual({ max: '200' })
    expect(toApiError({ code: 'rule', message: 'x' })).toMatchObject({ reason: '', params: {} })
  })

  it('reads an error object as the bridge sends it', () => {
    const err = toApiError({ code: 'conflict', message: 'a connector with key "crm" already exists', field: 'key' })
    expect(err.code).toBe('conflict')
    expect(err.field).toBe('key')
  })

  it('reads JSON text given as a plain string', () => {
    const err = toApiError('{"code":"not_found","message":"no connector crm"}')
    expect(err.code).toBe('not_found')
    expect(err.field).toBe('')
  })

  it('makes anything else an internal error that keeps its text', () => {
    expect(toApiError(new Error('Call to Connectors.List timed out'))).toMatchObject({
      code: 'internal',
      message: 'Call to Connectors.List timed out',
    })
    expect(toApiError('error parsing arguments')).toMatchObject({ code: 'internal', message: 'error parsing arguments' })
    expect(toApiError(undefined).code).toBe('internal')
    expect(toApiError(new Error('{not json')).code).toBe('internal')
  })

  it('maps an unknown code to internal but keeps the message', () => {
    const err = toApiError({ code: 'exploded', message: 'boom' })
    expect(err.code).toBe('internal')
    expect(err.message).toBe('boom')
  })

  it('returns an ApiError unchanged', () => {
    const err = new ApiError('rule', 'sealed')
    expect(toApiError(err)).toBe(err)
  })

  it('names the root field of a nested path', () => {
    expect(new ApiError('validation', 'is empty', 'tags[0]').rootField).toBe('tags')
    expect(new ApiError('validation', 'is required', 'auth.apiKey.name').rootField).toBe('auth')
    expect(new ApiError('validation', 'is required', 'name').rootField).toBe('name')
    expect(new ApiError('rule', 'sealed').rootField).toBe('')
  })
})

describe('reason and params', () => {
  it('reads the reason key and its params of the error document', () => {
    const err = toApiError(
      new Error('{"code":"validation","reason":"key.invalid","message":"bad key","field":"key","params":{"key":"Not A Key"}}'),
    )
    expect(err).toMatchObject({ code: 'validation', reason: 'key.invalid', field: 'key', params: { key: 'Not A Key' } })
  })

  it('leaves them empty when the backend sent none, or sent something else', () => {
    expect(toApiError({ code: 'rule', message: 'sealed' })).toMatchObject({ reason: '', params: {} })
    expect(toApiError({ code: 'rule', message: 'sealed', reason: 7, params: { n: 1 } })).toMatchObject({ reason: '', params: {} })
  })
})
