// The installation's settings: the calls of the app/ facade struct Settings.
import type { service } from '@wails/go/models'
import { call } from './transport'
import type { Data } from './types'

export type AppSettings = Data<service.Settings>
export type SettingsView = Data<service.SettingsView>

export const settings = {
  get: () => call('Settings', 'Get'),
  save: (input: AppSettings) => call('Settings', 'Save', input),
  /** openDataFolder shows the folder of the database ("db") or of the key file ("key"). */
  openDataFolder: (which: 'db' | 'key') => call('Settings', 'OpenDataFolder', which),
}
