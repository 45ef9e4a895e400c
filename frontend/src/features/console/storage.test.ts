import { beforeEach, describe, expect, it } from 'vitest'
import { recall, remember, type Remembered } from './storage'

const value = (id: number): Remembered => ({ inputs: { id }, connection: '', account: '', json: false })

describe('remembered console inputs', () => {
  beforeEach(() => localStorage.clear())

  it('are kept per profile', () => {
    remember('alice', 'crm', 'get-user', value(1))
    remember('bob', 'crm', 'get-user', value(2))
    expect(recall('alice', 'crm', 'get-user')?.inputs).toEqual({ id: 1 })
    expect(recall('bob', 'crm', 'get-user')?.inputs).toEqual({ id: 2 })
    expect(recall('carol', 'crm', 'get-user')).toBeNull()
  })

  it('keep the profile name apart from the keys, whatever it holds', () => {
    remember('a/crm', 'x', 'y', value(1))
    expect(recall('a', 'crm/x', 'y')).toBeNull()
    expect(recall('a/crm', 'x', 'y')?.inputs).toEqual({ id: 1 })
    expect(Object.keys(localStorage).some((k) => k.includes('a%2Fcrm'))).toBe(true)
  })

  it('are not kept, nor read, without a profile', () => {
    remember('', 'crm', 'get-user', value(1))
    expect(localStorage.length).toBe(0)
    expect(recall('', 'crm', 'get-user')).toBeNull()
  })

  it('drop what was kept before they were per profile: nobody can tell whose it is', () => {
    localStorage.setItem('junction.console.crm/get-user', JSON.stringify(value(7)))
    localStorage.setItem('junction.locale', 'en')
    expect(recall('alice', 'crm', 'get-user')).toBeNull()
    expect(localStorage.getItem('junction.console.crm/get-user')).toBeNull()
    expect(localStorage.getItem('junction.locale')).toBe('en')
  })
})
