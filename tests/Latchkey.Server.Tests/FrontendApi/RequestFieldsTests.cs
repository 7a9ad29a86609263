using System.Text;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Http;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Server.Tests.FrontendApi;

/// <summary>
/// Form bodies with a small <c>Content-Length</c> are read whole and parsed in memory; longer or
/// chunked ones are streamed. Both paths must give the same fields and the same errors.
/// </summary>
public sealed class RequestFieldsTests
{
    public static TheoryData<string> FormBodies => new()
    {
        "organization_id=&tab_state=focused",
        "first_name=J%C3%A9+Z&last_name=a%2Bb%26c%3Dd",
        "identifier=a&identifier=b",
        "flag&x=1&=empty-key",
        "broken=%zz%&x=%E2%82",
        "unsafe_metadata=%7B%22a%22%3A1%7D",
        string.Join('&', Enumerable.Range(0, RequestFields.MaxFields + 1).Select(i => $"f{i}=v")),
        "k=" + new string('v', RequestFields.MaxValueLength + 1),
        new string('k', 129) + "=v",
    };

    [Theory]
    [MemberData(nameof(FormBodies))]
    public async Task ReadAsync_FormWithContentLength_SameOutcomeAsStreamedForm(string body)
    {
        var whole = await ReadAsync(body, withContentLength: true);
        var streamed = await ReadAsync(body, withContentLength: false);

        Assert.Equal(Describe(streamed), Describe(whole));
    }

    [Fact]
    public async Task ReadAsync_SmallForm_DecodesPercentAndPlus()
    {
        var outcome = await ReadAsync("first_name=J%C3%A9+Z&tab_state=focused", withContentLength: true);

        Assert.False(outcome.Failed);
        Assert.Equal("Jé Z", outcome.Value!["first_name"]);
        Assert.Equal("focused", outcome.Value["tab_state"]);
    }

    [Fact]
    public async Task ReadAsync_SmallFormWithTooManyFields_IsBodyInvalid()
    {
        var body = string.Join('&', Enumerable.Range(0, RequestFields.MaxFields + 1).Select(i => $"f{i}=v"));

        var outcome = await ReadAsync(body, withContentLength: true);

        Assert.Equal("request_body_invalid", outcome.Error?.Code);
    }

    [Fact]
    public async Task ReadAsync_SmallFormWithRepeatedField_IsRefused()
    {
        var outcome = await ReadAsync("identifier=a&identifier=b", withContentLength: true);

        Assert.Equal("form_param_format_invalid", outcome.Error?.Code);
    }

    private static async Task<Outcome<RequestFields>> ReadAsync(string body, bool withContentLength)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.Body = new MemoryStream(bytes);
        if (withContentLength)
        {
            context.Request.ContentLength = bytes.Length;
        }
        else
        {
            context.Request.Headers.TransferEncoding = "chunked";
        }

        return await RequestFields.ReadAsync(context, 64 * 1024);
    }

    private static string Describe(Outcome<RequestFields> outcome) =>
        outcome.Failed
            ? $"error {outcome.Error!.Status} {outcome.Error.Code} {outcome.Error.ParamName}"
            : string.Join('\n', outcome.Value!.Names.Order(StringComparer.Ordinal).Select(n => $"{n}={outcome.Value[n]}"));
}
