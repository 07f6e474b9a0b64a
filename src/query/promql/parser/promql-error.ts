/**
 * Why a query failed, in Prometheus's terms: the API maps `type` to its `errorType` and status
 * code (bad_data 400, execution 422, timeout/canceled 503, too_many_samples 422 as execution).
 */
export type PromqlErrorType = 'bad_data' | 'execution' | 'timeout' | 'canceled' | 'internal';

export class PromqlError extends Error {
  constructor(
    readonly type: PromqlErrorType,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PromqlError';
  }
}
