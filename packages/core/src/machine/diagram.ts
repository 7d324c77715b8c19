import type { AnyStateMachine, AnyStateNode } from 'xstate';

/** A node is named by its path below the flow region (`uploadBills_idle`): Mermaid needs unique names. */
function alias(node: AnyStateNode): string {
  const path = node.path[0] === 'active' ? node.path.slice(node.path[1] === 'flow' ? 2 : 1) : node.path;
  return path.join('_') || node.key;
}

function label(node: AnyStateNode): string {
  const path = node.path[0] === 'active' ? node.path.slice(node.path[1] === 'flow' ? 2 : 1) : node.path;
  return path.join(' · ');
}

/** Where entering a node lands: its initial leaf (transitions are drawn between leaves). */
function leafOf(node: AnyStateNode): AnyStateNode {
  const initial = node.initial?.target?.[0] as AnyStateNode | undefined;
  if (initial) return leafOf(initial);
  const first = Object.values(node.states)[0] as AnyStateNode | undefined;
  return first ? leafOf(first) : node;
}

function leaves(node: AnyStateNode): AnyStateNode[] {
  const children = Object.values(node.states) as AnyStateNode[];
  return children.length === 0 ? [node] : children.flatMap(leaves);
}

function guardLabel(guard: unknown): string {
  if (guard === undefined) return '';
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && guard !== null && 'type' in guard) {
    const { type, params } = guard as { type: string; params?: Record<string, unknown> };
    return params ? `${type} ${Object.values(params).join(' ')}` : type;
  }
  return 'guarded';
}

function eventLabel(event: string): string {
  if (event.startsWith('xstate.done.actor.')) return `done ${event.slice('xstate.done.actor.'.length)}`;
  if (event.startsWith('xstate.error.actor.')) return `failed ${event.slice('xstate.error.actor.'.length)}`;
  return event;
}

function edges(node: AnyStateNode, lines: string[]): void {
  const from = alias(node);
  const candidates: Array<[string, { guard?: unknown; target?: readonly AnyStateNode[] }]> = [];
  for (const [event, list] of node.transitions) for (const t of list) candidates.push([eventLabel(event), t]);
  for (const t of node.always ?? []) candidates.push(['always', t]);
  for (const [event, t] of candidates) {
    const guard = guardLabel(t.guard);
    for (const target of t.target ?? []) lines.push(`  ${from} --> ${alias(leafOf(target))} : ${event}${guard ? ` [${guard}]` : ''}`);
  }
  if (node.type === 'final') lines.push(`  ${from} --> [*]`);
  for (const child of Object.values(node.states) as AnyStateNode[]) edges(child, lines);
}

/**
 * The machine as a Mermaid state diagram, generated rather than drawn so the picture in
 * docs/journey.md cannot drift from the code (a test compares the two). Mermaid cannot draw
 * transitions between states inside different composite states, so the chart is flat: every leaf
 * state is a node labelled with its path (`uploadSuppliers · sending`), and a transition into a
 * compound state points at the leaf it enters. The close-confirmation region runs beside the journey.
 * Transitions that only run actions (progress, locale, pop-up errors) change no state and are left out.
 */
export function toMermaid(machine: AnyStateMachine): string {
  const root = machine.root as AnyStateNode;
  const lines = ['stateDiagram-v2'];
  for (const leaf of leaves(root)) {
    const name = alias(leaf);
    const text = label(leaf);
    lines.push(text === name ? `  ${name}` : `  state "${text}" as ${name}`);
  }
  lines.push(`  [*] --> ${alias(leafOf(root))}`);
  const exit = (root.states.active as AnyStateNode | undefined)?.states.exit as AnyStateNode | undefined;
  if (exit) lines.push(`  [*] --> ${alias(leafOf(exit))}`);
  edges(root, lines);
  return lines.join('\n');
}
