import { ref, watch } from 'vue'
import { suggestKey } from './slug'

/**
 * useSuggestedKey fills a key from the name as the user types it, until the
 * user types a key of their own (clearing the key hands it back to the name).
 * `follows` says whether the key may still change (it is fixed once saved).
 */
export function useSuggestedKey(name: () => string, setKey: (key: string) => void, follows: () => boolean = () => true) {
  const touched = ref(false)
  watch(name, (n) => {
    if (follows() && !touched.value) setKey(suggestKey(n))
  })
  function onKeyInput(value: string) {
    touched.value = value !== ''
    setKey(value)
  }
  return { touched, onKeyInput }
}
