import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parseDdat, ladder, proficiencyRank } from '../../../server/reference/ddat.ts';
import { ReferenceDataError } from '../../../server/reference/reference-data-error.ts';

const HEADER = 'Role Family,Role,Role Description,Role Level,Role Level Description,Skill Name,Skill Description,Skill Level,Skill Level Description,Role Type\n';
const SKILLS = 'Skill Name,Skill Description,Awareness,Working,Practitioner,Expert,Roles that require Skill\nUser research methods,d,a,w,p,e,x\nAgile working,d,a,w,p,e,x\n';

describe('DDaT parser', () => {
  it('parses the real framework: 7 families, 48 roles, 201 levels, 188 skills, without duplicates or NOT IN USE rows', () => {
    const d = parseDdat(readFileSync('scripts/reference-data/ddat-roles.csv', 'utf8'), readFileSync('scripts/reference-data/ddat-skills.csv', 'utf8'));
    expect([d.families.length, d.roles.length, d.roleLevels.length, d.skills.length]).to.deep.equal([7, 48, 201, 188]);
    expect(d.roleLevels.reduce((n, l) => n + l.expectedSkills.length, 0)).to.equal(1825 - 16 - 28);
    expect(d.roles.map((r) => r.name)).not.to.include('Chief data officer');
    expect(d.roleLevels.find((l) => l.id === 'end-user-computing-engineer')?.name).to.equal('End user computing engineer');
  });

  it('rebuilds each role ladder from the level names', () => {
    const ur = ['Associate user researcher', 'Head of user research', 'Junior user researcher', 'Lead user researcher', 'Senior user researcher', 'User researcher'];
    const ranks = ladder('User researcher', ur);
    expect([...ranks.entries()].sort((a, b) => a[1] - b[1]).map(([n]) => n)).to.deep.equal([
      'Associate user researcher', 'Junior user researcher', 'User researcher', 'Senior user researcher', 'Lead user researcher', 'Head of user research',
    ]);
    // Management tracks sit on the same step as their technical twin.
    const dev = ladder('Software developer', ['Senior developer', 'Senior developer - management', 'Developer']);
    expect(dev.get('Senior developer')).to.equal(dev.get('Senior developer - management'));
    // Irregular names use the explicit ladder.
    expect(ladder('Problem manager', ['Problem manager', 'Problem analyst']).get('Problem analyst')).to.equal(0);
  });

  it('orders proficiencies Awareness < Working < Practitioner < Expert', () => {
    expect(['Awareness', 'Working', 'Practitioner', 'Expert'].map((p) => proficiencyRank(p as never))).to.deep.equal([1, 2, 3, 4]);
  });

  it('refuses unknown skills, unknown levels and missing columns, naming file and row', () => {
    const bad = (roles: string, skills = SKILLS) => {
      try {
        parseDdat(roles, skills);
      } catch (e) {
        expect(e).to.be.instanceOf(ReferenceDataError);
        return (e as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(bad(HEADER + 'F,User researcher,d,User researcher,d,Juggling,d,Working,d,\n')).to.equal('ddat-roles.csv row 2: skill "Juggling" is not in ddat-skills.csv');
    expect(bad(HEADER + 'F,User researcher,d,User researcher,d,Agile working,d,Wizard,d,\n')).to.match(/row 2: unknown Skill Level "Wizard"/);
    expect(bad('Role,Role Level\nx,y\n')).to.match(/missing column\(s\): Role Family/);
  });
});
