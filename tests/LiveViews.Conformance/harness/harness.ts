// The browser half of the conformance suite: the real client code (client/src) bundled by esbuild into one script the
// suite injects into a page of Debian's Chromium. Every function takes and returns plain JSON, so the C# side can hand
// over thousands of steps per evaluation.
import { createView, type Reply, type Transport } from '../../../client/src/view';
// the client's lazily loaded modules, registered up front as in the npm build (client/src/package.ts)
import '../../../client/src/modules/navigation';
import '../../../client/src/modules/components';
import '../../../client/src/modules/forms';
import '../../../client/src/modules/upload';
import '../../../client/src/modules/rate-limit';
import '../../../client/src/modules/optimistic';
import '../../../client/src/modules/streams';

declare global {
  interface Window { __lvRan?: number }
}

/**
 * A DOM node as JSON: text "data"; comment [8, data]; processing instruction [7, target, data]; element [1, ns,
 * localName, [name, value…], [children]], its attributes sorted by name (their order means nothing in the DOM, and the
 * differ does not keep it).
 */
type Json = string | unknown[];

export function serialize(node: Node): Json[] {
  const out: Json[] = [];
  const children = contentOf(node).childNodes;
  for (const child of children) {
    switch (child.nodeType) {
      case 3: out.push((child as Text).data); break;
      case 8: out.push([8, (child as Comment).data]); break;
      case 7: out.push([7, (child as ProcessingInstruction).target, (child as ProcessingInstruction).data]); break;
      case 1: {
        const el = child as Element;
        const attrs: string[] = [];
        for (const a of [...el.attributes].sort((x, y) => (x.name < y.name ? -1 : 1))) attrs.push(a.name, a.value);
        out.push([1, el.namespaceURI ?? '', el.localName, attrs, serialize(el)]);
        break;
      }
    }
  }
  return out;
}

/** Chromium's fragment parse of each HTML in a div of this (no-quirks, scripting on) document. */
export function parseAll(htmls: string[]): string[] {
  return htmls.map(html => {
    const div = document.createElement('div');
    div.innerHTML = html;
    return JSON.stringify(serialize(div));
  });
}

/** A template's content, else the node (by name: an iframe's elements are of another realm, so instanceof fails). */
function contentOf(node: Node): Node {
  const el = node as Element;
  return el.localName === 'template' && el.namespaceURI === 'http://www.w3.org/1999/xhtml' ? (el as HTMLTemplateElement).content : node;
}

/** Whether any node under `root` (text, comment, attribute) still shows a segment marker. */
function markerLeaks(root: Node): number {
  let leaks = 0;
  const walk = (n: Node) => {
    if ((n.nodeType === 3 || n.nodeType === 8 || n.nodeType === 7) && /lv:\/?[sp]\b/.test((n as CharacterData).data)) leaks++;
    if (n.nodeType === 1) for (const a of (n as Element).attributes) if (/<!--lv:/.test(a.value)) leaks++;
    contentOf(n).childNodes.forEach(walk);
  };
  walk(root);
  return leaks;
}

interface Step { ops: Reply['o']; nodes: Reply['h']; html: string }
interface Chain { page?: string; first: string; steps: Step[] }
interface StepResult { dom: string; expected: string | null; resynced: boolean; ran: number; leaks: number; warning?: string }
interface ChainResult { firstDom: string; firstExpected: string | null; clientScript: boolean; steps: StepResult[] }

/**
 * Runs chains of patch steps through the real client: a view bound to a root holding the first render (parsed by
 * innerHTML, or, with `page`, by the browser parsing a whole page in an iframe), then each step's ops delivered as a
 * reply. When the client asks for a resync (a failed verification), the server's tree is delivered as it would be.
 */
export async function runChains(chains: Chain[]): Promise<ChainResult[]> {
  const results: ChainResult[] = [];
  const warn = console.warn;
  let warning: string | undefined;
  console.warn = (...args: unknown[]) => { warning = args.map(String).join(' '); };
  try {
    for (const chain of chains) {
      let root: HTMLElement;
      let frame: HTMLIFrameElement | undefined;
      let clientScript = true;
      if (chain.page != null) {
        frame = document.createElement('iframe');
        document.body.append(frame);
        const doc = frame.contentDocument!;
        doc.open();
        doc.write(chain.page);
        doc.close();
        root = doc.querySelector<HTMLElement>('[data-lv-root]')!;
        // The client would start: its script is an element of the page, outside the view's root.
        const script = doc.querySelector('script[src$="liveview.js"]');
        clientScript = !!script && !root?.contains(script);
      } else {
        root = document.createElement('div');
        root.setAttribute('data-lv-root', '');
        document.body.append(root);
        root.innerHTML = chain.first;
      }
      const reference = document.createElement('div');
      reference.innerHTML = chain.first;
      const firstDom = root ? JSON.stringify(serialize(root)) : 'null';
      const firstReference = JSON.stringify(serialize(reference));
      const sent: unknown[][] = [];
      const transport: Transport = {
        send: (...args: unknown[]) => { sent.push(args); },
        invoke: async <T>() => ({ id: 'v', v: 0, h: null, m: {} }) as T,
      };
      const steps: StepResult[] = [];
      if (root) {
        const view = createView(root, transport);
        await view.join();
        const counters = () => (window.__lvRan ?? 0) + (frame?.contentWindow?.__lvRan ?? 0);
        for (const step of chain.steps) {
          const ran = counters();
          sent.length = 0;
          warning = undefined;
          view.receive({ r: 0, a: 0, v: view.v + 1, o: step.ops });
          const resynced = sent.some(s => s[0] === 'resync' && s[2] === true);
          if (resynced) view.receive({ r: 0, a: 0, v: view.v + 1, o: [], h: step.nodes });
          const dom = JSON.stringify(serialize(root));
          reference.innerHTML = step.html;
          const expected = JSON.stringify(serialize(reference));
          steps.push({ dom, expected: expected === dom ? null : expected, resynced, ran: counters() - ran, leaks: markerLeaks(root), warning });
        }
      }
      frame?.remove();
      if (!frame) root.remove();
      results.push({ firstDom, firstExpected: firstReference === firstDom ? null : firstReference, clientScript, steps });
    }
  } finally {
    console.warn = warn;
  }
  return results;
}
