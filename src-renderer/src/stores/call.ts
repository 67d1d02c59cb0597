/** One way for stores to call the core: track busy/error state and hand back the value or null. */
import { ref, type Ref } from 'vue';
import type { ErrorData, Result } from '#contract/errors';

export interface Pending {
  busy: Ref<boolean>;
  error: Ref<ErrorData | null>;
  run<T>(p: Promise<Result<T>>): Promise<T | null>;
}

export function pending(): Pending {
  const busy = ref(false);
  const error = ref<ErrorData | null>(null);
  return {
    busy,
    error,
    async run(p) {
      busy.value = true;
      error.value = null;
      try {
        const r = await p;
        if (r.ok) return r.value;
        error.value = r.error;
        return null;
      } finally {
        busy.value = false;
      }
    },
  };
}
