using System.Text.Json.Nodes;

namespace WebFetch.Tests.Queue;

/// <summary>
/// What <c>nsc</c> makes for a nats-server in operator (JWT) mode, made here instead: an
/// operator (self-signed), an account it signed with JetStream allowed, and users the account
/// signs, each given as the credentials file a client uses (the user's JWT and NKey seed).
/// </summary>
public sealed class NatsCredentials
{
    private readonly NatsCredentialsKey _operator = new(NatsCredentialsKey.Operator);
    private readonly NatsCredentialsKey _account = new(NatsCredentialsKey.Account);
    private readonly NatsCredentialsKey _system = new(NatsCredentialsKey.Account);

    public NatsCredentials(string name = "webfetch-test")
    {
        // the server's own account (JetStream needs one), named by the operator
        OperatorJwt = NatsCredentialsJwt.Sign(_operator, _operator.PublicKey, name, "operator", new JsonObject { ["system_account"] = _system.PublicKey });
        SystemAccountJwt = NatsCredentialsJwt.Sign(_operator, _system.PublicKey, "SYS", "account", []);
        AccountJwt = NatsCredentialsJwt.Sign(_operator, _account.PublicKey, "webfetch", "account", new JsonObject
        {
            // -1 is "no limit"; JetStream is on when a storage limit is not 0
            ["limits"] = new JsonObject
            {
                ["subs"] = -1, ["data"] = -1, ["payload"] = -1, ["imports"] = -1, ["exports"] = -1,
                ["wildcards"] = true, ["conn"] = -1, ["leaf"] = -1,
                ["mem_storage"] = -1, ["disk_storage"] = -1, ["streams"] = -1, ["consumer"] = -1,
            },
            ["default_permissions"] = new JsonObject { ["pub"] = new JsonObject(), ["sub"] = new JsonObject() },
        });
    }

    public string OperatorJwt { get; }

    public string AccountJwt { get; }

    public string SystemAccountJwt { get; }

    /// <summary>
    /// The server's config file body: trust this operator, know this account from memory (no
    /// account server) and the system account, the operator JWT in <paramref name="operatorJwtFile"/>.
    /// </summary>
    public string ServerConfig(string operatorJwtFile) => $$"""
        operator: "{{operatorJwtFile}}"
        system_account: {{_system.PublicKey}}
        resolver: MEMORY
        resolver_preload: {
          {{_account.PublicKey}}: "{{AccountJwt}}"
          {{_system.PublicKey}}: "{{SystemAccountJwt}}"
        }

        """;

    /// <summary>A new user of the account, as a credentials file's text, and the user's seed (which no output may show).</summary>
    public (string Creds, string Seed) NewUser(string name) => NewUser(_account, name);

    /// <summary>A user of an account whose JWT the server was never given (as an account never pushed to it).</summary>
    public static (string Creds, string Seed) NewUserOfAnUnknownAccount(string name) => NewUser(new NatsCredentialsKey(NatsCredentialsKey.Account), name);

    private static (string Creds, string Seed) NewUser(NatsCredentialsKey account, string name)
    {
        var user = new NatsCredentialsKey(NatsCredentialsKey.User);
        string jwt = NatsCredentialsJwt.Sign(account, user.PublicKey, name, "user", new JsonObject
        {
            ["pub"] = new JsonObject(), ["sub"] = new JsonObject(), ["subs"] = -1, ["data"] = -1, ["payload"] = -1,
        });
        return (CredsFile(jwt, user.Seed), user.Seed);
    }

    /// <summary>The layout nsc writes: the decorated JWT, then the decorated seed.</summary>
    private static string CredsFile(string jwt, string seed) => $"""
        -----BEGIN NATS USER JWT-----
        {jwt}
        ------END NATS USER JWT------

        ************************* IMPORTANT *************************
        NKEY Seed printed below can be used to sign and prove identity.
        NKEYs are sensitive and should be treated as secrets.

        -----BEGIN USER NKEY SEED-----
        {seed}
        ------END USER NKEY SEED------

        *************************************************************

        """;
}
