// A stand-in for the national identity (VNeID) on loopback: a real OpenID Connect provider
// (the `oidc-provider` package) for `make run` and the tests. Any login and password sign in;
// a login of 9 or 12 digits reads as an identity number. Never for production.
//
//   node tools/oidc_provider.mjs --port 8910 --client-id nq57 --client-secret demo-secret \
//        --redirect-uri http://127.0.0.1:8000/feedback/signin/callback/ [--redirect-uri …]
import { parseArgs } from "node:util";
import Provider from "oidc-provider";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8910" },
    "client-id": { type: "string", default: "nq57" },
    "client-secret": { type: "string", default: "demo-secret" },
    "redirect-uri": { type: "string", multiple: true, default: [] },
  },
});

const issuer = `http://127.0.0.1:${values.port}`;

// The claims a citizen's identity gives: the subject is the account key at NQ57.
async function findAccount(ctx, id) {
  const digits = /^\d+$/.test(id);
  return {
    accountId: id,
    async claims() {
      return {
        sub: id,
        name: digits ? `Công dân ${id.slice(-4)}` : id,
        email: `${id.replace(/[^a-z0-9]/gi, "").toLowerCase() || "citizen"}@citizen.example.vn`,
        email_verified: true,
      };
    },
  };
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: values["client-id"],
      client_secret: values["client-secret"],
      redirect_uris: values["redirect-uri"],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  claims: { openid: ["sub"], profile: ["name"], email: ["email", "email_verified"] },
  scopes: ["openid", "profile", "email"],
  pkce: { required: () => true },
  findAccount,
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["nq57-demo-identity-provider-only"] },
});
provider.proxy = true;

provider.listen(Number(values.port), "127.0.0.1", () => {
  console.log(`oidc provider ready at ${issuer}`);
});
