import { presentableCallerId } from '../../src/intake/caller-id';

describe("the caller's number shown to staff", () => {
  it.each([
    ['+15557654321', '+15557654321'],
    ['+266696687', undefined],
    ['+7378742833', undefined],
    ['+86282452253', undefined],
    ['anonymous', undefined],
    ['client:alice', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j', (from, shown) => {
    expect(presentableCallerId(from)).toBe(shown);
  });
});
