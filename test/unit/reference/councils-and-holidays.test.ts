import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parseCouncils } from '../../../server/reference/councils.ts';
import { parseBankHolidays } from '../../../server/reference/bank-holidays.ts';

describe('councils parser', () => {
  const councils = parseCouncils(readFileSync('scripts/reference-data/uk-local-authorities.csv', 'utf8'));

  it('keeps the 332 current English authorities, keyed by GSS code', () => {
    expect(councils).to.have.length(332);
    expect(councils.every((c) => /^E\d{8}$/.test(c.gssCode))).to.equal(true);
  });

  it('resolves county and combined authority codes to GSS codes', () => {
    const gateshead = councils.find((c) => c.gssCode === 'E08000037')!;
    expect(gateshead.combinedAuthority?.gssCode).to.match(/^E47/);
    const adur = councils.find((c) => c.name === 'Adur')!;
    expect(adur.county).to.deep.equal({ gssCode: 'E10000032', name: 'West Sussex' });
  });

  it('refuses a row whose GSS code does not fit its type', () => {
    const csv = readFileSync('scripts/reference-data/uk-local-authorities.csv', 'utf8').replace(',E07000223,', ',E06000223,');
    expect(() => parseCouncils(csv)).to.throw(/GSS code "E06000223" does not fit type NON_METROPOLITAN_DISTRICT/);
  });
});

describe('bank holidays parser', () => {
  it('reads England and Wales, substitute days included', () => {
    const days = parseBankHolidays(readFileSync('scripts/reference-data/bank-holidays.json', 'utf8'));
    expect(days).to.have.length(40);
    expect(days.filter((d) => d.date.startsWith('2026-12')).map((d) => d.date)).to.deep.equal(['2026-12-25', '2026-12-28']);
  });

  it('refuses the wrong shape and bad dates', () => {
    expect(() => parseBankHolidays('{"scotland":{}}')).to.throw(/england-and-wales/);
    expect(() => parseBankHolidays('{"england-and-wales":{"events":[{"date":"2026-13-45","title":"x"}]}}')).to.throw(/no valid date/);
    expect(() => parseBankHolidays('nope')).to.throw(/not valid JSON/);
  });
});
