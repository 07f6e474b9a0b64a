/** The PromQL editor: CodeMirror 6 with highlighting, autocomplete from our API and inline lint. */
import { useEffect, useRef } from 'react';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { EditorState, Prec } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { bracketMatching, syntaxHighlighting } from '@codemirror/language';
import { lintKeymap } from '@codemirror/lint';
import { PromQLExtension } from '@prometheus-io/codemirror-promql';
import { promqlHighlight } from './promql-highlight';

interface Props {
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** Enter (without Shift) runs the query. */
  readonly onRun: (value: string) => void;
  readonly ariaLabel: string;
}

export function PromqlEditor({ value, onChange, onRun, ariaLabel }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange, onRun });
  callbacks.current = { onChange, onRun };

  useEffect(() => {
    if (host.current === null) return;
    const promql = new PromQLExtension().setComplete({ remote: { url: '', cache: { maxAge: 60_000 } } });
    const runKeymap = Prec.highest(
      keymap.of([
        {
          key: 'Enter',
          run: (v) => {
            callbacks.current.onRun(v.state.doc.toString());
            return true;
          },
        },
      ]),
    );
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          runKeymap,
          history(),
          closeBrackets(),
          bracketMatching(),
          autocompletion(),
          syntaxHighlighting(promqlHighlight),
          placeholder('Enter a PromQL query, e.g. rate(http_server_requests_total[5m]); Enter runs it, Shift+Enter adds a line'),
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap]),
          promql.asExtension(),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': ariaLabel }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) callbacks.current.onChange(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is created once; later `value` changes from outside are synced below.
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v !== null && v.state.doc.toString() !== value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
    }
  }, [value]);

  return <div className="promql-editor" ref={host} />;
}
