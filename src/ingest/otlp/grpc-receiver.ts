import { Server, ServerCredentials, status as grpcStatus, Metadata } from '@grpc/grpc-js';
import type { ServiceDefinition, sendUnaryData, ServerUnaryCall, UntypedServiceImplementation } from '@grpc/grpc-js';
import { toOmniscopeError } from '../../model/index.js';
import { encodeExportResponseProto } from './common/index.js';
import { handleExport } from './export-handler.js';
import type { ExportHandlerDeps, OtlpSignal } from './export-handler.js';
import { otlpErrorStatus } from './otlp-errors.js';

const SERVICES: ReadonlyArray<[OtlpSignal, string]> = [
  ['traces', '/opentelemetry.proto.collector.trace.v1.TraceService/Export'],
  ['metrics', '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export'],
  ['logs', '/opentelemetry.proto.collector.logs.v1.LogsService/Export'],
];

/** Requests stay raw bytes: our decoder runs in the handler so errors map to INVALID_ARGUMENT. */
function serviceDefinition(path: string): ServiceDefinition {
  return {
    Export: {
      path,
      requestStream: false,
      responseStream: false,
      requestSerialize: (b: Uint8Array) => Buffer.from(b),
      requestDeserialize: (b: Buffer) => b,
      responseSerialize: (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength),
      responseDeserialize: (b: Buffer) => b,
      originalName: 'export',
    },
  };
}

export interface OtlpGrpcOptions {
  readonly deps: ExportHandlerDeps;
  readonly host: string;
  readonly port: number;
  readonly maxBodyBytes: number;
  readonly tenantHeader: string;
  readonly defaultTenant: string;
  readonly onError: (err: unknown) => void;
}

export interface OtlpGrpcServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * OTLP/gRPC receiver on its own port (4317 by default) for the three Export services.
 * gzip-compressed messages are handled by grpc-js; the size limit applies to the message.
 */
export async function startOtlpGrpcServer(opts: OtlpGrpcOptions): Promise<OtlpGrpcServer> {
  const server = new Server({
    'grpc.max_receive_message_length': opts.maxBodyBytes,
    'grpc.max_send_message_length': 4 * 1024 * 1024,
  });
  const tenantKey = opts.tenantHeader.toLowerCase();
  for (const [signal, path] of SERVICES) {
    const impl: UntypedServiceImplementation = {
      Export: (call: ServerUnaryCall<Buffer, Uint8Array>, callback: sendUnaryData<Uint8Array>) => {
        const tenantValue = call.metadata.get(tenantKey)[0];
        const tenant = typeof tenantValue === 'string' && tenantValue !== '' ? tenantValue : opts.defaultTenant;
        const started = performance.now();
        const observe = (code: number): void =>
          opts.deps.metrics.requestDuration.labels(path, 'grpc', String(code)).observe((performance.now() - started) / 1000);
        handleExport(opts.deps, signal, 'protobuf', 'otlp_grpc', call.request, tenant).then(
          (outcome) => {
            observe(grpcStatus.OK);
            callback(null, encodeExportResponseProto(outcome.rejected, outcome.errorMessage));
          },
          (e: unknown) => {
            const err = toOmniscopeError(e);
            const st = otlpErrorStatus(err);
            observe(st.grpcCode);
            if (st.grpcCode === grpcStatus.INTERNAL) opts.onError(err);
            const metadata = new Metadata();
            if (st.retryAfterSeconds !== undefined) metadata.set('retry-after', String(st.retryAfterSeconds));
            callback({ code: st.grpcCode, details: err.message, metadata }, null);
          },
        );
      },
    };
    server.addService(serviceDefinition(path), impl);
  }
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${opts.host}:${opts.port}`, ServerCredentials.createInsecure(), (err, boundPort) =>
      err ? reject(err) : resolve(boundPort),
    );
  });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.forceShutdown(), 5000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
