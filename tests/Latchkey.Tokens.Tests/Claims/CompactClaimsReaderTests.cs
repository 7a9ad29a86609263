using System.Text;
using Latchkey.Tokens.Internal;

namespace Latchkey.Tokens.Tests.Claims;

/// <summary>
/// The compact claim-set reader against the full Utf8JsonReader one: on every document, the
/// answer with the compact reader tried first equals the full reader's alone, field for field;
/// and the compact reader does take the claim sets minters write.
/// </summary>
public class CompactClaimsReaderTests
{
    private const string Minted =
        "{\"azp\":\"https://example.com\",\"exp\":1767225660,\"iat\":1767225600,\"iss\":\"https://clerk.example.com\",\"jti\":\"7f4c1e3b9a2d5f6e8c0a\",\"nbf\":1767225590,\"sid\":\"sess_2NNEqM3n8xQBcvqoZ4ZTR5Q7ndD\",\"sts\":\"active\",\"sub\":\"user_2NNEqL2nrIRdJ194ndJqAHwEfxC\",\"v\":2}";

    private const string MintedWithV2Extras =
        "{\"azp\":\"https://example.com\",\"exp\":1767225660,\"fva\":[12,-1],\"iat\":1767225600,\"iss\":\"https://clerk.example.com\",\"nbf\":1767225590,\"sid\":\"sess_1\",\"sts\":\"active\",\"sub\":\"user_1\",\"v\":2,\"pla\":\"u:free_user\",\"fea\":\"u:a,o:b\"}";

    private static readonly KnownValues Known = new(["https://clerk.example.com"], ["https://example.com"]);

    [Theory]
    [InlineData(Minted)]
    [InlineData("{\"sub\":\"user_1\",\"sid\":\"sess_1\",\"exp\":0}")]
    [InlineData("{\"sub\":\"\",\"iss\":\"https://other.example.com\",\"azp\":\"x\",\"v\":1000}")]
    [InlineData("{\"sub\":\"us\u00e9r \u2603 \U0001F600\",\"exp\":253402300799,\"v\":1}")]
    [InlineData("{\"iat\":9}")]
    [InlineData(MintedWithV2Extras)]
    [InlineData("{\"fva\":[0,2147483647],\"pla\":\"\",\"fea\":\"\"}")]
    public void TryReadCompact_MinterShapedClaimSet_Accepted(string json)
    {
        Assert.True(ClaimsReader.TryReadCompact(Encoding.UTF8.GetBytes(json), Known, out SessionClaims? claims, out _));
        Assert.NotNull(claims);
        AssertSameAnswer(json);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{ \"sub\":\"u\"}")]
    [InlineData("{\"sub\" :\"u\"}")]
    [InlineData("{\"sub\":\"u\" }")]
    [InlineData("{\"sub\":\"u\"}\n")]
    [InlineData("{\"sub\":\"u\"}}")]
    [InlineData("{\"sub\":\"u\",}")]
    [InlineData("{\"sub\":\"u\"\"sid\":\"s\"}")]
    [InlineData("{\"sub\":\"u\",\"sub\":\"v\"}")]
    [InlineData("{\"sub\":\"\\u0075\"}")]
    [InlineData("{\"s\\u0075b\":\"u\"}")]
    [InlineData("{\"sub\":\"a\u0001b\"}")]
    [InlineData("{\"sub\":\"a\u007fb\"}")]
    [InlineData("{\"sub\":1}")]
    [InlineData("{\"sub\":null}")]
    [InlineData("{\"sub\":\"u\"")]
    [InlineData("{\"sub\":\"u}")]
    [InlineData("{\"Sub\":\"u\"}")]
    [InlineData("{\"foo\":\"u\"}")]
    [InlineData("{\"org_id\":\"org_1\"}")]
    [InlineData("{\"aud\":\"api\"}")]
    [InlineData("{\"fva\":[1,2,3]}")]
    [InlineData("{\"fva\":[1]}")]
    [InlineData("{\"fva\":[]}")]
    [InlineData("{\"fva\":[-2,0]}")]
    [InlineData("{\"fva\":[-0,0]}")]
    [InlineData("{\"fva\":[-1,-12]}")]
    [InlineData("{\"fva\":[01,0]}")]
    [InlineData("{\"fva\":[1.0,0]}")]
    [InlineData("{\"fva\":[2147483648,0]}")]
    [InlineData("{\"fva\":[99999999999,0]}")]
    [InlineData("{\"fva\":[1, 2]}")]
    [InlineData("{\"fva\":[1,2]")]
    [InlineData("{\"fva\":[1,2}")]
    [InlineData("{\"fva\":\"1,2\"}")]
    [InlineData("{\"fea\":\"nocolon\"}")]
    [InlineData("{\"fea\":\":x\"}")]
    [InlineData("{\"fea\":\"a:b,\"}")]
    [InlineData("{\"pla\":1}")]
    [InlineData("{\"pla\":\"a\",\"pla\":\"b\"}")]
    [InlineData("{\"exp\":\"1\"}")]
    [InlineData("{\"exp\":01}")]
    [InlineData("{\"exp\":-1}")]
    [InlineData("{\"exp\":-0}")]
    [InlineData("{\"exp\":1.5}")]
    [InlineData("{\"exp\":1e3}")]
    [InlineData("{\"exp\":1E3}")]
    [InlineData("{\"exp\":253402300800}")]
    [InlineData("{\"exp\":2534023007990}")]
    [InlineData("{\"exp\":99999999999999999999999}")]
    [InlineData("{\"exp\":}")]
    [InlineData("{\"exp\":1,\"exp\":2}")]
    [InlineData("{\"v\":0}")]
    [InlineData("{\"v\":1001}")]
    [InlineData("{\"v\":2.0}")]
    [InlineData("[1]")]
    [InlineData("{\"sub\":\"u\"}{}")]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("}")]
    public void TryRead_DocumentOutsideOrAtTheEdgeOfTheCompactForm_SameAnswerAsFullReader(string json)
    {
        AssertSameAnswer(json);
    }

    [Theory]
    [InlineData(Minted)]
    [InlineData(MintedWithV2Extras)]
    public void TryRead_TenThousandMutationsOfAMintedClaimSet_SameAnswerAsFullReader(string minted)
    {
        var random = new Random(20261126);
        byte[] source = Encoding.UTF8.GetBytes(minted);
        byte[] alphabet = Encoding.ASCII.GetBytes("{}[]\":,.-+eE0123456789 \\u_asvxbz\t\u0001");
        int compactAccepted = 0;
        for (int n = 0; n < 10_000; n++)
        {
            var bytes = new List<byte>(source);
            for (int edits = random.Next(1, 4); edits > 0 && bytes.Count > 0; edits--)
            {
                int at = random.Next(bytes.Count);
                switch (random.Next(3))
                {
                    case 0: bytes.RemoveAt(at); break;
                    case 1: bytes.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    default: bytes[at] = alphabet[random.Next(alphabet.Length)]; break;
                }
            }

            byte[] json = [.. bytes];
            compactAccepted += ClaimsReader.TryReadCompact(json, Known, out _, out _) ? 1 : 0;
            AssertSameAnswer(json);
        }

        // The mutations must exercise both readers: many stay in the compact form (a changed
        // character inside a string or a digit), many leave it.
        Assert.InRange(compactAccepted, 1_000, 9_000);
    }

    private static void AssertSameAnswer(string json) => AssertSameAnswer(Encoding.UTF8.GetBytes(json));

    private static void AssertSameAnswer(byte[] json)
    {
        bool compactOk = ClaimsReader.TryRead(json, 16, Known, out SessionClaims? a, out ClaimsReader.TimeValues ta, out string? ra, out string? ma, useCompact: true);
        bool fullOk = ClaimsReader.TryRead(json, 16, Known, out SessionClaims? b, out ClaimsReader.TimeValues tb, out string? rb, out string? mb, useCompact: false);

        string what = Encoding.UTF8.GetString(json);
        Assert.True(fullOk == compactOk, what);
        Assert.True(rb == ra, what);
        Assert.True(mb == ma, what);
        Assert.Equal(tb.Exp, ta.Exp);
        Assert.Equal(tb.Nbf, ta.Nbf);
        Assert.Equal(tb.Iat, ta.Iat);
        Assert.Equal(Describe(b), Describe(a));
        if (a is not null && b is not null)
        {
            // Configured iss/azp instances are reused by both readers.
            Assert.True(ReferenceEquals(a.Issuer, b.Issuer) || a.Issuer is null || a.Issuer != Known.Issuers.Find("https://clerk.example.com"u8), what);
            Assert.True(ReferenceEquals(a.AuthorizedParty, b.AuthorizedParty) || a.AuthorizedParty is null || a.AuthorizedParty != Known.AuthorizedParties.Find("https://example.com"u8), what);
        }
    }

    private static string? Describe(SessionClaims? c) => c is null ? null : string.Join("|",
        c.Subject, c.SessionId, c.Issuer, c.AuthorizedParty, string.Join(",", c.Audiences), c.TokenId,
        c.IssuedAt?.ToUnixTimeMilliseconds(), c.NotBefore?.ToUnixTimeMilliseconds(), c.ExpiresAt?.ToUnixTimeMilliseconds(),
        c.Version, c.SessionStatus, c.FactorVerificationAge?.ToString(), c.Actor?.Subject, c.Plans, c.Features,
        c.Organization?.Id, c.OrganizationId, c.OrganizationSlug, c.OrganizationRole, string.Join(",", c.OrganizationPermissions),
        c.OrganizationPermissions.GetType().Name, c.ToJson());
}
