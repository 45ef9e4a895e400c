import type { InjectionKey } from 'vue'

/** How the connection form shows one field (by form field id): its validation status and its problem, if any. */
export interface FieldState {
  status(field: string): 'error' | 'warning' | undefined
  problem(field: string): string | undefined
}

export const fieldStateKey: InjectionKey<FieldState> = Symbol('connection field state')
