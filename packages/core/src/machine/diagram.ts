import type { AnyStateMachine, AnyStateNode } from 'xstate';

/** Mermaid needs unique names: a node is named by its path below the flow region (`uploadBills_idle`). */
function alias(node: AnyStateNode): string {
  const path = node.path[0] === 'active' ? node.path.slice(node.path[1] === 'flow' ? 2 : 1) : node.path;
  return path.join('_') || node.key;
}

function guardLabel(guard: unknown): string {
  if (guard === undefined) return '';
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && guard !== null && 'type' in guard) {
    const { type, params } = guard as { type: string; params?: Record<string, unknown> };
    return params ? `${type}(${Object.values(params).join(', ')})` : type;
  }
  return 'guarded';
}

function eventLabel(event: string): string {
  if (event.startsWith('xstate.done.actor.')) return `done ${event.slice('xstate.done.actor.'.length)}`;
  if (event.startsWith('xstate.error.actor.')) return `failed ${event.slice('xstate.error.actor.'.length)}`;
  return event;
}

function structure(node: AnyStateNode, indent: string, lines: string[]): void {
  const children = Object.values(node.states) as AnyStateNode[];
  const name = alias(node);
  if (children.length === 0) {
    // Declared inside its parent so Mermaid draws it in the right box, not at the top level.
    lines.push(name === node.key ? `${indent}${name}` : `${indent}state "${node.key}" as ${name}`);
    return;
  }
  lines.push(`${indent}state "${node.key}" as ${name} {`);
  if (node.type === 'parallel') {
    children.forEach((child, index) => {
      if (index > 0) lines.push(`${indent}  --`);
      structure(child, `${indent}  `, lines);
    });
  } else {
    const initial = node.initial?.target?.[0];
    if (initial) lines.push(`${indent}  [*] --> ${alias(initial)}`);
    for (const child of children) structure(child, `${indent}  `, lines);
  }
  lines.push(`${indent}}`);
}

function transitions(node: AnyStateNode, lines: string[]): void {
  const from = alias(node);
  for (const [event, candidates] of node.transitions) {
    for (const candidate of candidates) {
      const guard = guardLabel(candidate.guard);
      for (const target of candidate.target ?? []) {
        lines.push(`  ${from} --> ${alias(target)} : ${eventLabel(event)}${guard ? ` [${guard}]` : ''}`);
      }
    }
  }
  for (const candidate of node.always ?? []) {
    const guard = guardLabel(candidate.guard);
    for (const target of candidate.target ?? []) lines.push(`  ${from} --> ${alias(target)} : always${guard ? ` [${guard}]` : ''}`);
  }
  if (node.type === 'final') lines.push(`  ${from} --> [*]`);
  for (const child of Object.values(node.states) as AnyStateNode[]) transitions(child, lines);
}

/**
 * The machine as a Mermaid state diagram, generated rather than drawn so the picture in
 * docs/journey.md cannot drift from the code (a test compares the two). Transitions that only run
 * actions (progress, locale) change no state and are left out.
 */
export function toMermaid(machine: AnyStateMachine): string {
  const lines = ['stateDiagram-v2'];
  const root = machine.root as AnyStateNode;
  const initial = root.initial?.target?.[0];
  if (initial) lines.push(`  [*] --> ${alias(initial)}`);
  for (const child of Object.values(root.states) as AnyStateNode[]) structure(child, '  ', lines);
  for (const child of Object.values(root.states) as AnyStateNode[]) transitions(child, lines);
  return lines.join('\n');
}
