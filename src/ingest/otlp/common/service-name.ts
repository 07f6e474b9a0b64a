import type { Attributes } from '../../../model/index.js';

/** What the OTel SDKs and Loki use when a resource has no `service.name`. */
export const UNKNOWN_SERVICE = 'unknown_service';

/** The resource's `service.name` when it is a non-empty string, else UNKNOWN_SERVICE. */
export function serviceNameOf(resourceAttributes: Attributes): string {
  for (let i = 0; i < resourceAttributes.length; i++) {
    const a = resourceAttributes[i];
    if (a !== undefined && a.key === 'service.name') {
      return typeof a.value === 'string' && a.value !== '' ? a.value : UNKNOWN_SERVICE;
    }
  }
  return UNKNOWN_SERVICE;
}
