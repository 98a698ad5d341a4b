import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element of a parsed document: its tag, attributes and children. */
export interface XmlElement {
  readonly tag: string;
  readonly attrs: Record<string, string>;
  readonly children: XmlElement[];
  readonly text: string;
}

type Ordered = Array<Record<string, unknown>>;

function convert(nodes: Ordered): XmlElement[] {
  const out: XmlElement[] = [];
  for (const node of nodes) {
    const tag = Object.keys(node).find((k) => k !== ':@');
    if (tag === undefined || tag === '#text' || tag === '?xml' || tag === '#comment' || tag.startsWith('!')) continue;
    const raw = (node[':@'] ?? {}) as Record<string, string>;
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) attrs[k.replace(/^@_/, '')] = String(v);
    const kids = node[tag] as Ordered;
    const text = kids
      .filter((k) => '#text' in k)
      .map((k) => String(k['#text']))
      .join('');
    out.push({ tag, attrs, children: convert(kids), text });
  }
  return out;
}

/** Parses XML after checking it is well formed (throws with the parser's message when not). */
export function parseXml(xml: string): XmlElement {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} at line ${valid.err.line}`);
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, processEntities: true, htmlEntities: true, parseTagValue: false, parseAttributeValue: false });
  const roots = convert(parser.parse(xml) as Ordered);
  const root = roots[0];
  if (!root) throw new Error('no root element');
  return root;
}

/** Every element below (and including) `root` with this tag, in document order. */
export function findAll(root: XmlElement, tag: string): XmlElement[] {
  const found: XmlElement[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    if (el.tag === tag) found.push(el);
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
  }
  return found;
}

/** All the text inside an element, its descendants' included. */
export function textOf(el: XmlElement): string {
  return el.text + el.children.map(textOf).join('');
}
