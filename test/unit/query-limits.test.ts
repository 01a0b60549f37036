// The query limits' pure parts: the cost estimate (lists inside lists multiply
// by their page sizes), token counting, error formatting, and stopping the
// resolvers of a request whose client has gone.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { execute, GraphQLError, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import pino from 'pino';
import { buildSchema } from '../../graphql/schema.ts';
import { costEstimator, countTokens, QueryLimitError } from '../../graphql/query-limits.ts';
import { clientGoneSignal, RequestAbortedError } from '../../graphql/request-abort.ts';
import { makeFormatError } from '../../graphql/errors.ts';
import { createLoaders } from '../../graphql/loaders.ts';

describe('query limits', () => {
  const schema = buildSchema();
  const cost = (query: string, variables: Record<string, unknown> = {}) => getComplexity({ schema, query: parse(query), variables, estimators: [costEstimator] });

  describe('cost', () => {
    it('counts a page by its size: first, or 50 when left out', () => {
      expect(cost('{ councils(first: 200) { nodes { gssCode } } }')).to.equal(201);
      expect(cost('{ councils { nodes { gssCode } } }')).to.equal(51);
      expect(cost('query($n: Int) { councils(first: $n) { nodes { gssCode } } }', { n: 7 })).to.equal(8);
      // Beyond 200 is refused by the resolver (BAD_USER_INPUT), so it is priced as 200.
      expect(cost('{ councils(first: 5000) { nodes { gssCode } } }')).to.equal(201);
    });

    it('multiplies lists inside lists', () => {
      // 10 role levels, each with its role (1) and the role's levels (10 estimated, 1 each)
      expect(cost('{ roleLevels(first: 10) { nodes { role { levels { name } } } } }')).to.equal(1 + 10 * (1 + 1 + 10));
      expect(cost('{ roleLevels(first: 200) { nodes { role { levels { role { levels { name } } } } } } }')).to.equal(1 + 200 * (1 + 1 + 10 * (1 + 1 + 10)));
    });

    it('prices ranking by its limit, planning by its time limit and a capacity calendar by its weeks', () => {
      const ranking = (limit: number) => cost(`{ slotCandidates(projectId: "p", slotId: "s", limit: ${limit}) { candidates { rank } } }`);
      expect(ranking(200) - ranking(20)).to.equal(180);
      const plan = (t: number) => cost(`mutation { planProgramme(poolId: "p", projectIds: [], from: "2027-01-04", to: "2027-06-27", timeLimitSeconds: ${t}) { objective } }`);
      expect(plan(60) - plan(10)).to.equal(500 * 50);
      const capacity = (to: string) => cost(`{ practitioner(id: "x") { capacity(from: "2026-01-05", to: "${to}") { week } } }`);
      expect(capacity('2026-01-11')).to.equal(1 + 20 + 1);
      expect(capacity('2027-12-31') - capacity('2026-01-11')).to.equal(103); // 2026-W02 to 2027-W52
    });

    it('makes a 25-level anonymous role nesting astronomically expensive', () => {
      let q = 'id';
      for (let i = 0; i < 25; i++) q = `levels { role { ${q} } }`;
      expect(cost(`{ role(id: "solution-architect") { ${q} } }`)).to.be.greaterThan(1e25);
    });
  });

  it('counts tokens, not comments, and stops counting past the limit', () => {
    expect(countTokens('{ councils(first: 5) { nodes { gssCode } } } # a comment with words', 100)).to.equal(14);
    expect(countTokens('{ a '.repeat(10_000), 100)).to.equal(101);
    expect(countTokens('{ "unterminated', 100)).to.equal(1);
  });

  describe('formatError', () => {
    const log = pino({ level: 'silent' });
    it("keeps a limit error's code and limit, also when Apollo wrapped it as a validation error", () => {
      const limit = new QueryLimitError('QUERY_TOO_DEEP', 15, 'The query is nested 52 fields deep; the limit is 15');
      const wrapped = new GraphQLError(limit.message, { originalError: limit, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 15 } });
      const out = makeFormatError(log)({ message: wrapped.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 15 } }, wrapped);
      expect(out).to.deep.equal({ message: limit.message, locations: undefined, extensions: { code: 'QUERY_TOO_DEEP', limit: 15 } });
    });

    it('strips "Did you mean" only when told to (production)', () => {
      const message = 'Variable "$f" got invalid value { regins: ["NORTH_EAST"] }; Field "regins" is not defined by type "CouncilFilter". Did you mean "regions"?';
      const error = new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
      const formatted = { message, extensions: { code: 'BAD_USER_INPUT' } };
      expect(makeFormatError(log)(formatted, error).message).to.equal(message);
      const hidden = makeFormatError(log, { hideSuggestions: true });
      expect(hidden(formatted, error).message).to.equal('Variable "$f" got invalid value { regins: ["NORTH_EAST"] }; Field "regins" is not defined by type "CouncilFilter".');
      const many = 'Cannot query field "x" on type "Query". Did you mean "a", "b", or "c"?';
      expect(hidden({ message: many, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, new GraphQLError(many, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })).message).to.equal(
        'Cannot query field "x" on type "Query".',
      );
    });
  });

  describe('a client that has gone', () => {
    it('stops every resolver once the request signal has aborted', async () => {
      const controller = new AbortController();
      const run = () => execute({ schema, document: parse('{ apiVersion }'), contextValue: { signal: controller.signal } });
      expect((await run()).data).to.deep.equal({ apiVersion: '0.1.0' });
      controller.abort(new RequestAbortedError());
      const r = await run();
      expect(r.data).to.equal(null);
      expect(r.errors![0]!.extensions.code).to.equal('CLIENT_CLOSED_REQUEST');
    });

    it('sends no DataLoader batch once the signal has aborted', async () => {
      const controller = new AbortController();
      controller.abort(new RequestAbortedError());
      const loaders = createLoaders(controller.signal);
      let error: unknown;
      await loaders.council.load('E08000021').catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(RequestAbortedError);
    });

    it('aborts the signal when the connection closes before the answer, not after it', async () => {
      const signals: AbortSignal[] = [];
      const server = http.createServer((req, res) => {
        signals.push(clientGoneSignal(req, res));
        if (req.url === '/answer') res.end('ok');
        // '/hang': never answers; the client gives up.
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      try {
        expect(await (await fetch(`http://127.0.0.1:${port}/answer`)).text()).to.equal('ok');
        const client = new AbortController();
        const hanging = fetch(`http://127.0.0.1:${port}/hang`, { signal: client.signal }).catch(() => null);
        while (signals.length < 2) await new Promise((r) => setTimeout(r, 5));
        client.abort();
        await hanging;
        while (!signals[1]!.aborted) await new Promise((r) => setTimeout(r, 5));
        expect(signals[1]!.reason).to.be.instanceOf(RequestAbortedError);
        expect(signals[0]!.aborted).to.equal(false);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });
});
