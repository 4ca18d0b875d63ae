/** Reads RFC 5322 messages with Python's `email` package (policy.default), the reader the issue names as the referee. */
import { execFileSync } from 'node:child_process';

export interface PythonView {
  defects: string[];
  headers: Record<string, string>;
  /** Per address header: [display name, addr-spec] of each address. */
  addresses: Record<string, Array<[string, string]>>;
  text: string;
  longestLine: number;
  longestEncodedLine: number;
}

const SCRIPT = String.raw`
import sys, json, email
from email import policy
msgs = json.load(sys.stdin)
out = []
for raw in msgs:
    m = email.message_from_bytes(raw.encode('utf-8'), policy=policy.default)
    defects = [type(d).__name__ for d in m.defects]
    headers, addresses = {}, {}
    for name in ('Subject', 'From', 'To', 'In-Reply-To', 'References', 'X-Reconnect-Draft'):
        h = m[name]
        if h is None: continue
        defects += [type(d).__name__ for d in h.defects]
        headers[name] = str(h)
        if name in ('From', 'To'):
            addresses[name] = [[a.display_name, a.addr_spec] for a in h.addresses]
    for part in m.walk():
        defects += [type(d).__name__ for d in part.defects]
    body = m.get_body(preferencelist=('plain',))
    head = raw.split('\r\n\r\n', 1)[0].split('\r\n')
    out.append({'defects': defects, 'headers': headers, 'addresses': addresses,
                'text': body.get_content() if body is not None else '',
                'longestLine': max(len(l) for l in raw.split('\r\n')),
                'longestEncodedLine': max([len(l) for l in head if '=?' in l] or [0])})
json.dump(out, sys.stdout)
`;

export function parseWithPython(messages: readonly string[]): PythonView[] {
  const out = execFileSync('python3', ['-c', SCRIPT], { input: JSON.stringify(messages), encoding: 'utf8' });
  return JSON.parse(out) as PythonView[];
}
