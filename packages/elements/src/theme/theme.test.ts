import { expect } from '@open-wc/testing';
import { describe, it } from '../testing/helpers.js';
import { parseTheme } from './theme.js';
import { THEME_TOKENS, darkPreset, lightPreset } from './tokens.js';

describe('theme', () => {
  it('accepts a preset, known tokens, a partner name and an http(s) logo', () => {
    const result = parseTheme({ preset: 'dark', tokens: { 'color-primary': '#0a7d33', radius: '2px' }, partnerName: 'Bank', logoUrl: '/logo.svg' });
    expect(result).to.deep.equal({
      ok: true,
      theme: { preset: 'dark', tokens: { 'color-primary': '#0a7d33', radius: '2px' }, partnerName: 'Bank', logoUrl: '/logo.svg' },
    });
  });

  for (const [value, why] of [
    ['red; background: url(https://evil.example/x)', 'a second declaration'],
    ['red } :host { display: none', 'a new rule'],
    ['url(https://tracker.example/pixel)', 'a URL load'],
    ['expression(alert(1))', 'an expression'],
    ['red /* */', 'a comment'],
    ['\\72 ed', 'an escape'],
  ] as const) {
    it(`refuses a token value smuggling ${why}`, () => {
      const result = parseTheme({ tokens: { 'color-primary': value } });
      expect(result.ok).to.equal(false);
      expect(result.theme.tokens).to.deep.equal({});
      if (!result.ok) expect(result.problems[0]!.path).to.equal('tokens.color-primary');
    });
  }

  it('refuses unknown tokens and keys, and script or data logos', () => {
    expect(parseTheme({ tokens: { 'z-index': '9' } }).ok).to.equal(false);
    expect(parseTheme({ colour: 'red' }).ok).to.equal(false);
    expect(parseTheme({ logoUrl: 'javascript:alert(1)' }).ok).to.equal(false);
    expect(parseTheme({ logoUrl: 'data:image/svg+xml,<svg onload=alert(1)>' }).ok).to.equal(false);
  });

  it('has a light and a dark value for every token', () => {
    expect(Object.keys(lightPreset).sort()).to.deep.equal([...THEME_TOKENS].sort());
    expect(Object.keys(darkPreset).sort()).to.deep.equal([...THEME_TOKENS].sort());
  });
});
