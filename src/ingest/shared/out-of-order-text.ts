/**
 * Why samples were refused as `out_of_order`, in the words every metrics receiver answers with
 * (remote write's 400 body, OTLP's partial success); `window` in words, e.g. "30m".
 */
export function outOfOrderExplanation(window: string): string {
  return `out of order: older than their series' newest sample and more than ${window} behind the newest sample written (storage.metrics_out_of_order_window)`;
}
