using Latchkey.Server.Configuration;
using Latchkey.Server.Instance;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.FrontendApi.Environment;

/// <summary><c>GET /v1/environment</c>: the instance's configuration as the browser SDK reads it.</summary>
internal static class EnvironmentEndpoints
{
    public static RouteGroupBuilder MapEnvironment(this RouteGroupBuilder group)
    {
        group.MapGet("/environment", GetEnvironment);
        group.MapMethods("/environment", ["PATCH"], GetEnvironment);
        return group;
    }

    private static IResult GetEnvironment(InstanceIdentity instance, IOptions<LatchkeyServerOptions> options)
    {
        var settings = options.Value;
        var origin = instance.FrontendApiUrl;
        var attribute = (bool enabled, bool required, bool firstFactor) => new Dictionary<string, object?>
        {
            ["enabled"] = enabled,
            ["required"] = required,
            ["used_for_first_factor"] = firstFactor,
            ["first_factors"] = firstFactor ? new[] { "email_code" } : Array.Empty<string>(),
            ["verifications"] = firstFactor ? new[] { "email_code" } : Array.Empty<string>(),
            ["verify_at_sign_up"] = firstFactor,
        };
        return Results.Json(new Dictionary<string, object?>
        {
            ["object"] = "environment",
            ["id"] = "env_" + instance.CookieSuffix,
            ["auth_config"] = new Dictionary<string, object?>
            {
                ["object"] = "auth_config",
                ["single_session_mode"] = false,
                ["session_minter"] = false,
                ["claimed_at"] = null,
                ["reverification"] = false,
            },
            ["display_config"] = new Dictionary<string, object?>
            {
                ["object"] = "display_config",
                ["instance_environment_type"] = instance.IsDevelopment ? "development" : "production",
                ["application_name"] = "Latchkey",
                ["sign_in_url"] = origin + "/sign-in",
                ["sign_up_url"] = origin + "/sign-up",
                ["user_profile_url"] = origin + "/account",
                ["home_url"] = origin,
                ["after_sign_in_url"] = origin,
                ["after_sign_up_url"] = origin,
                ["after_sign_out_one_url"] = origin + "/sign-in",
                ["after_sign_out_all_url"] = origin + "/sign-in",
                ["branded"] = false,
            },
            ["user_settings"] = new Dictionary<string, object?>
            {
                ["attributes"] = new Dictionary<string, object?>
                {
                    ["email_address"] = attribute(true, true, true),
                    ["username"] = attribute(true, false, false),
                    ["password"] = attribute(true, true, false),
                    ["first_name"] = attribute(true, false, false),
                    ["last_name"] = attribute(true, false, false),
                    ["phone_number"] = attribute(false, false, false),
                },
                ["sign_in"] = new Dictionary<string, object?> { ["second_factor"] = new Dictionary<string, object?> { ["required"] = false } },
                ["sign_up"] = new Dictionary<string, object?> { ["mode"] = "public", ["progressive"] = true, ["captcha_enabled"] = false },
                ["password_settings"] = new Dictionary<string, object?>
                {
                    ["min_length"] = settings.Passwords.MinimumLength,
                    ["max_length"] = settings.Passwords.MaximumLength,
                },
                ["social"] = new Dictionary<string, object?>(),
            },
            ["organization_settings"] = new Dictionary<string, object?> { ["enabled"] = false },
            ["maintenance_mode"] = false,
            ["partitioned_cookies"] = false,
        });
    }
}
