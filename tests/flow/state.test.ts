import { decodeState, encodeState, initialState, type CallState } from '../../src/flow/state';

describe('call state in the action URL', () => {
  it('comes back exactly as it went out', () => {
    const state: CallState = { lang: 'en', last: 'cost', asked: ['cost', 'length'], silence: 2, miss: 1 };
    expect(decodeState(Object.fromEntries(new URLSearchParams(encodeState(state))))).toEqual(state);
  });

  it('a missing query is the start of a call', () => {
    expect(decodeState({})).toEqual(initialState());
  });

  it('damaged values fall back to safe ones instead of failing the call', () => {
    expect(decodeState({ lang: 'klingon', last: '<x>', asked: 'cost.bogus.cost', silence: '-3', miss: 'NaN' })).toEqual({
      lang: 'en',
      last: 'menu',
      asked: ['cost'],
      silence: 0,
      miss: 0,
    });
  });

  it('a huge count is capped, so nothing can overflow or loop', () => {
    expect(decodeState({ silence: '99999999999' }).silence).toBeLessThanOrEqual(9);
  });

  it.each([
    ['3', 3],
    ['12', 9],
    ['1e3', 9],
    ['2.5', 0],
    ['-1', 0],
    ['', 0],
    ['Infinity', 0],
    ['1e21', 0],
    ['two', 0],
  ])('reads the count "%s" as %i', (sent, read) => {
    expect(decodeState({ miss: sent }).miss).toBe(read);
  });

  it('a value sent twice counts once, the first time', () => {
    expect(decodeState({ lang: ['es', 'en'], silence: ['2', '5'], asked: ['cost', 'length'] })).toEqual({
      lang: 'es',
      last: 'menu',
      asked: ['cost'],
      silence: 2,
      miss: 0,
    });
  });

  it('keeps the topics heard in the order first heard, each once', () => {
    expect(decodeState({ asked: 'length.cost.length.what-is-iop' }).asked).toEqual(['length', 'cost', 'what-is-iop']);
  });
});
