/** Copy-paste snippets that point existing clients at this Omniscope. */
import { useState } from 'react';

function Snippet({ title, text, note }: { readonly title: string; readonly text: string; readonly note: string }) {
  const [copied, setCopied] = useState(false);
  const copy = (): void => {
    navigator.clipboard.writeText(text).then(
      () => {
        setCopied(true);
        window.setTimeout(() => setCopied(false), 1500);
      },
      () => setCopied(false),
    );
  };
  return (
    <div className="snippet">
      <div className="snippet-head">
        <h3>{title}</h3>
        <button type="button" className="btn small" onClick={copy}>{copied ? 'Copied' : 'Copy'}</button>
      </div>
      <p className="hint">{note}</p>
      <pre><code>{text}</code></pre>
    </div>
  );
}

export function SendDataSnippets() {
  const origin = window.location.origin;
  return (
    <section className="card" aria-labelledby="send-title">
      <h2 id="send-title">Send data</h2>
      <div className="snippets">
        <Snippet
          title="OpenTelemetry SDK (any language)"
          note="Environment variables for your app: traces, metrics and logs over OTLP/HTTP to this port."
          text={`OTEL_EXPORTER_OTLP_ENDPOINT=${origin}\nOTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf\nOTEL_SERVICE_NAME=my-service`}
        />
        <Snippet
          title="Prometheus remote_write"
          note="Add to prometheus.yml; Prometheus keeps scraping and forwards every sample."
          text={`remote_write:\n  - url: ${origin}/api/v1/write`}
        />
        <Snippet
          title="Loki push (Promtail, Grafana Alloy)"
          note="Add to promtail.yaml; in Alloy, the same URL goes in loki.write's endpoint. JSON pushes work too (docs/loki-push.md)."
          text={`clients:\n  - url: ${origin}/loki/api/v1/push`}
        />
      </div>
    </section>
  );
}
