/** An element found by checkXml: name, attributes and text content (entities decoded, children's text included). */
export interface XmlElement {
  /** Qualified name. */
  name: string;
  /** Attributes. */
  attributes: Record<string, string>;
  /** Children elements. */
  children: XmlElement[];
  /** Text directly inside (entities decoded). */
  text: string;
}

const namePattern = /^[A-Za-z_][\w.:-]*$/;
const entityPattern = /&(#\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);/g;

function decode(text: string): string {
  if (/&(?!(#\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);)/.test(text))
    throw new Error(`bad entity in ${text.slice(0, 40)}`);
  if (text.includes('<')) throw new Error('raw < in text');
  return text.replace(entityPattern, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity] ?? '';
  });
}

/**
 * A strict well-formedness check of the XML the feeds produce (no DTD, CDATA or comments): one root, tags nested
 * and closed, names and attributes valid, entities known. Throws on the first problem; returns the root element.
 */
export function checkXml(xml: string): XmlElement {
  let rest = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (rest.length > 0) {
    const open = rest.indexOf('<');
    const text = open === -1 ? rest : rest.slice(0, open);
    if (text.length > 0) {
      const parent = stack.at(-1);
      if (parent === undefined) {
        if (text.trim() !== '') throw new Error('text outside the root element');
      } else {
        parent.text += decode(text);
      }
    }
    if (open === -1) break;
    const close = rest.indexOf('>', open);
    if (close === -1) throw new Error('unterminated tag');
    const tag = rest.slice(open + 1, close);
    rest = rest.slice(close + 1);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const top = stack.pop();
      if (top?.name !== name) throw new Error(`</${name}> closes <${top?.name}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const name = body.split(/\s/)[0] ?? '';
    if (!namePattern.test(name)) throw new Error(`bad element name ${name}`);
    const attributes: Record<string, string> = {};
    const attributeText = body.slice(name.length).trim();
    const attributePattern = /([A-Za-z_][\w.:-]*)="([^"]*)"\s*/y;
    let position = 0;
    while (position < attributeText.length) {
      attributePattern.lastIndex = position;
      const match = attributePattern.exec(attributeText);
      if (match === null) throw new Error(`bad attributes in <${name}>: ${attributeText}`);
      if (match[1]! in attributes) throw new Error(`duplicate attribute ${match[1]}`);
      attributes[match[1]!] = decode(match[2]!);
      position = attributePattern.lastIndex;
    }
    const element: XmlElement = { name, attributes, children: [], text: '' };
    const parent = stack.at(-1);
    if (parent === undefined) {
      if (root !== undefined) throw new Error('two root elements');
      root = element;
    } else {
      parent.children.push(element);
    }
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw new Error(`<${stack.at(-1)?.name}> is not closed`);
  if (root === undefined) throw new Error('no root element');
  return root;
}

/** Children of `element` named `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The text of the one child named `name`; throws when there is not exactly one. */
export function childText(element: XmlElement, name: string): string {
  const found = childrenNamed(element, name);
  if (found.length !== 1) throw new Error(`<${element.name}> has ${found.length} <${name}>`);
  return found[0]!.text;
}
