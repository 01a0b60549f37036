// A browser's part of the web service's forms, over plain HTTP: a cookie jar
// and the CSRF token of the last form fetched. Used by the browser tests'
// plain-HTTP checks and by the page benchmark.
export interface HttpClient {
  cookies: Map<string, string>;
  get(path: string): Promise<Response>;
  /** POST a form, urlencoded; `csrf: false` leaves the token out. */
  post(path: string, fields: Record<string, string>, opts?: { csrf?: boolean | string }): Promise<Response>;
  /** The _csrf value of the last page fetched with a form. */
  csrfToken: string;
}

export function httpClient(server: { url: string }): HttpClient {
  const cookies = new Map<string, string>();
  const client: HttpClient = {
    cookies,
    csrfToken: '',
    async get(path) {
      const res = await fetch(`${server.url}${path}`, { headers: headers(), redirect: 'manual' });
      keep(res);
      if ((res.headers.get('content-type') ?? '').includes('text/html')) {
        const html = await res.clone().text();
        const m = /name="_csrf" value="([^"]+)"/.exec(html);
        if (m) client.csrfToken = m[1]!;
      }
      return res;
    },
    async post(path, fields, opts = {}) {
      const body = new URLSearchParams(fields);
      if (opts.csrf !== false) body.set('_csrf', typeof opts.csrf === 'string' ? opts.csrf : client.csrfToken);
      const res = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { ...headers(), 'content-type': 'application/x-www-form-urlencoded' },
        body,
        redirect: 'manual',
      });
      keep(res);
      return res;
    },
  };
  function headers(): Record<string, string> {
    return cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }
  function keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
      if (expired) cookies.delete(name);
      else cookies.set(name, value);
    }
  }
  return client;
}

/** Sign in through the sign-in form; throws unless it leads on (a 303). */
export async function signInOverHttp(client: HttpClient, email: string, password: string): Promise<void> {
  await client.get('/sign-in');
  const res = await client.post('/sign-in', { email, password, next: '/' });
  if (res.status !== 303) throw new Error(`sign-in as ${email} answered ${res.status}`);
}
