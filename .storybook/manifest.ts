/**
 * The elements' manifest marks only `<codat-link>` as a custom element: the steps are registered
 * in a loop (define.ts), which the analyzer cannot follow, so it records no tag for them. Until the
 * classes carry their tag in JSDoc, the tags are restored here from the one naming rule the package
 * uses (class `CodatLinkEntityName` → `codat-link-entity-name`, `UploadDropzone` →
 * `codat-link-upload-dropzone`), so autodocs find each story's component. Private and protected
 * members (the localizer, `#fields`) are left out of the docs: they are not the element's surface.
 */
interface Member {
  name: string;
  privacy?: string;
}

interface Declaration {
  kind: string;
  members?: Member[];
  name: string;
  customElement?: boolean;
  tagName?: string;
  superclass?: { name: string };
}

interface Manifest {
  modules: { declarations?: Declaration[] }[];
}

const ELEMENT_BASES = new Set(['LitElement', 'StepElement', 'UploadElement']);
const ABSTRACT_BASES = new Set(['StepElement', 'UploadElement']);

export function tagOf(className: string): string {
  const kebab = className.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return kebab.startsWith('codat-link') ? kebab : `codat-link-${kebab}`;
}

export function withTags<T extends Manifest>(manifest: T): T {
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      if (declaration.kind !== 'class') continue;
      if (declaration.members)
        declaration.members = declaration.members.filter((m) => !m.name.startsWith('#') && m.privacy !== 'private' && m.privacy !== 'protected');
      if (declaration.tagName || ABSTRACT_BASES.has(declaration.name)) continue;
      if (!declaration.superclass || !ELEMENT_BASES.has(declaration.superclass.name)) continue;
      declaration.customElement = true;
      declaration.tagName = tagOf(declaration.name);
    }
  }
  return manifest;
}
