import assert from 'node:assert/strict';
import { CAPTAINS_MODE, remainingChoices, settleChoices } from '../../../src/games/draft/captains-mode.ts';
import { DEFAULT_HERO_POOL, HEROES, heroById, heroSlug } from '../../../src/games/draft/heroes.ts';

describe("Captain's Mode", () => {
  it('is the 24-step 7.34+ order: bans FFSSFSS, picks FS, bans FFS, picks SFFSSF, bans FSFS, picks FS', () => {
    const text = CAPTAINS_MODE.map((s) => `${s.action === 'ban' ? 'b' : 'p'}${s.team === 'first' ? 'F' : 'S'}`).join(' ');
    assert.equal(text, [
      'bF bF bS bS bF bS bS',
      'pF pS',
      'bF bF bS',
      'pS pF pF pS pS pF',
      'bF bS bF bS',
      'pF pS',
    ].join(' '));
  });

  it('gives each team 7 bans and 5 picks', () => {
    for (const team of ['first', 'second'] as const) {
      assert.equal(CAPTAINS_MODE.filter((s) => s.team === team && s.action === 'ban').length, 7, `${team} bans`);
      assert.equal(CAPTAINS_MODE.filter((s) => s.team === team && s.action === 'pick').length, 5, `${team} picks`);
    }
    assert.equal(CAPTAINS_MODE.length, 24);
    assert.ok(Object.isFrozen(CAPTAINS_MODE));
  });

  it('leaves the other category to the second chooser and settles both choices', () => {
    assert.deepEqual(remainingChoices('first-pick'), ['radiant', 'dire']);
    assert.deepEqual(remainingChoices('dire'), ['first-pick', 'second-pick']);
    assert.deepEqual(settleChoices([{ team: 1, choice: 'second-pick' }, { team: 0, choice: 'dire' }]), { firstPick: 0, radiant: 1 });
    assert.deepEqual(settleChoices([{ team: 0, choice: 'radiant' }, { team: 1, choice: 'first-pick' }]), { firstPick: 1, radiant: 0 });
  });

  describe('default hero pool', () => {
    it('has 127 heroes with unique slug ids and unique Dota ids', () => {
      assert.equal(HEROES.length, 127);
      assert.equal(new Set(DEFAULT_HERO_POOL).size, 127);
      assert.equal(new Set(HEROES.map((h) => h.dotaId)).size, 127);
      for (const id of DEFAULT_HERO_POOL) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    });

    it('slugs names the same way everywhere', () => {
      assert.equal(heroSlug('Anti-Mage'), 'anti-mage');
      assert.equal(heroSlug("Nature's Prophet"), 'natures-prophet');
      assert.equal(heroSlug('Queen of Pain'), 'queen-of-pain');
      assert.deepEqual(heroById('largo'), { id: 'largo', name: 'Largo', dotaId: 155 });
      assert.equal(heroById('anti-mage')!.dotaId, 1);
    });
  });
});
