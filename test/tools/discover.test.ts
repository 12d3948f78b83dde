import { describe, expect, it } from '@jest/globals';
import { discoverAll, fixtureFiles, inventoryLine, markedTools } from './fixtures.js';

const files = fixtureFiles();
let all: ReturnType<typeof discoverAll> | undefined;
const discovered = () => (all ??= discoverAll(files));

describe('tool discovery over the fixtures', () => {
  it('finds exactly the marked handlers of every fixture (both languages)', async () => {
    const handlers = await discovered();
    expect(handlers.map(inventoryLine).sort()).toEqual(markedTools(files));
  });

  for (const path of Object.keys(files).filter((p) => !p.includes('/pkg/') && !p.includes('/handlers/'))) {
    it(`inventory of ${path}`, async () => {
      // Cross-file handlers need their modules: give every file, keep the handlers registered in this one.
      const handlers = (await discovered()).filter((h) => h.registration.path === path);
      const expected = markedTools(files).filter((l) => l.startsWith(`${path}:`));
      expect(
        handlers
          .filter((h) => h.handler.path === path)
          .map(inventoryLine)
          .sort(),
      ).toEqual(expected);
    });
  }
});
