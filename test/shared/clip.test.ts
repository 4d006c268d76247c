import { describe, expect, it } from 'vitest';
import { clip } from '../../shared/text/clip';

describe('clip (cell text quoted in a message)', () => {
  it('keeps text up to the limit as it is', () => {
    expect(clip('上海市第一人民医院急诊科')).toBe('上海市第一人民医院急诊科');
    expect(clip('a'.repeat(40))).toBe('a'.repeat(40));
  });

  it('cuts longer text and says how long it was', () => {
    expect(clip('青'.repeat(10_000))).toBe(`${'青'.repeat(40)}…（共 10000 个字）`);
    expect(clip('abcdef', 3)).toBe('abc…（共 6 个字）');
  });

  it('counts characters, never splitting one outside the basic plane', () => {
    const rare = '𠀀'.repeat(41); // CJK extension B: two UTF-16 units each
    expect(clip(rare)).toBe(`${'𠀀'.repeat(40)}…（共 41 个字）`);
  });
});
