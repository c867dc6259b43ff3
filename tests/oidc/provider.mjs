// A real OpenID Connect provider for the tests (the npm package oidc-provider), on 127.0.0.1.
//
//   OIDC_PORT=5555 OIDC_REDIRECT_URIS='["http://localhost/sign-in/office-account/callback"]' \
//     node tests/oidc/provider.mjs
//
// It prints "listening <issuer>" once it answers. Its login page lists the test accounts below;
// the person picks one (and says whether they used a second factor, which becomes the ID
// token's `amr`). Consent is granted by loadExistingGrant, so a login goes straight back to the
// client. Two clients: "portal" (the portal under test) and "other-client" (a different relying
// party, whose ID tokens the portal must refuse as meant for someone else).

import { generateKeyPair, exportJWK } from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT || 0);
const issuer = `http://127.0.0.1:${port}`;
const redirectUris = JSON.parse(process.env.OIDC_REDIRECT_URIS || '[]');
const logoutUris = JSON.parse(process.env.OIDC_POST_LOGOUT_URIS || '[]');

// The accounts of the test identity provider: their email claims are what the portal matches.
const ACCOUNTS = {
  'lead-a': { email: 'lead@office-a.test', email_verified: true, name: 'Ada Lead' },
  'staff-a': { email: 'staff@office-a.test', email_verified: true, name: 'Sam Staff' },
  'unverified-a': { email: 'unverified@office-a.test', email_verified: false, name: 'Una Verified' },
  'outsider': { email: 'someone@elsewhere.test', email_verified: true, name: 'Otto Side' },
  'newcomer-a': { email: 'newcomer@office-a.test', email_verified: true, name: 'Nell Comer' },
  'of-office-b': { email: 'moved@office-a.test', email_verified: true, name: 'Mo Ved' },
  'officer': { email: 'officer@secretariat.test', email_verified: true, name: 'Olive Officer' },
};

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...await exportJWK(privateKey), kid: 'test-key-1', alg: 'RS256', use: 'sig' };

const client = (id) => ({
  client_id: id,
  client_secret: `${id}-secret`,
  redirect_uris: redirectUris,
  post_logout_redirect_uris: logoutUris,
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
});

const provider = new Provider(issuer, {
  clients: [client('portal'), client('other-client')],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['test-provider-cookie-key-not-secret'] },
  claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'], profile: ['name'] },
  conformIdTokenClaims: false, // the email claims go in the ID token, where the portal reads them
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  ttl: { IdToken: 600 }, // seconds; the expiry tests move the portal's clock past it
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const account = ACCOUNTS[sub];
    if (!account) return undefined;
    return { accountId: sub, async claims() { return { sub, ...account }; } };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid) {
  const options = Object.entries(ACCOUNTS).map(([id, a], i) => `
      <div><input type="radio" id="account-${i}" name="login" value="${escape(id)}">
      <label for="account-${i}">${escape(a.name)} (${escape(a.email)})</label></div>`).join('');
  return `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Test identity provider: sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:sans-serif;margin:1em;max-width:40em}div{margin:.5em 0}</style></head>
<body><main><h1>Test identity provider</h1>
<form method="post" action="/interaction/${escape(uid)}/login">
<fieldset><legend>Account</legend>${options}</fieldset>
<fieldset><legend>How you proved it is you</legend>
<div><input type="radio" id="amr-pwd" name="amr" value="pwd" checked>
<label for="amr-pwd">Password only</label></div>
<div><input type="radio" id="amr-mfa" name="amr" value="pwd mfa">
<label for="amr-mfa">Password and a second factor</label></div></fieldset>
<button type="submit">Sign in at the identity provider</button></form></main></body></html>`;
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString());
}

provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([\w-]+)(\/login)?$/);
  if (!match) return next();
  ctx.set('Cache-Control', 'no-store');
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (ctx.method === 'GET' && !match[2]) {
    ctx.type = 'html';
    ctx.body = loginPage(details.uid);
    return undefined;
  }
  if (ctx.method === 'POST' && match[2]) {
    const form = await readForm(ctx.req);
    const accountId = form.get('login');
    if (!ACCOUNTS[accountId]) {
      ctx.status = 400;
      ctx.body = 'choose an account';
      return undefined;
    }
    const amr = (form.get('amr') || 'pwd').split(' ').filter(Boolean);
    ctx.respond = false;
    await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId, amr } },
      { mergeWithLastSubmission: false });
    return undefined;
  }
  ctx.status = 405;
  return undefined;
});

const server = provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${issuer}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
