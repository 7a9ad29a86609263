using Latchkey.Server.HostedPages.Markup;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Latchkey.Server.HostedPages;

/// <summary>
/// <c>/account</c>: the signed-in user's profile, every browser the user is signed in on (this
/// one first; device, IP address and times of each), the other accounts signed in on this
/// browser, and the sign-out buttons (<see cref="AccountActions"/>). Signed-out browsers are
/// sent to <c>/sign-in</c>.
/// </summary>
internal static class AccountPage
{
    /// <summary>One of the user's sessions as the page lists it.</summary>
    internal sealed record DeviceSession(SessionEntity Session, DateTimeOffset LastActive, bool ThisBrowser);

    public static async Task<IResult> GetAsync(
        HttpContext http, HostedPageFlow flow, PageLayout layout, LatchkeyDbContext db, SessionLifetime lifetime,
        LastActiveTracker lastActive, TimeProvider time, CancellationToken cancellationToken)
    {
        var page = await flow.LoadAsync(http, cancellationToken);
        if (page.Current?.User is not { } user)
        {
            return PageResult.SeeOther(PageNames.SignIn);
        }

        var now = time.GetUtcNow();
        var rows = await db.Sessions.AsNoTracking()
            .Where(s => s.UserId == user.Id && s.Status == SessionStatus.Active)
            .ToListAsync(cancellationToken);
        var devices = rows
            .Where(s => lifetime.EffectiveStatus(s.Status, s.ExpireAt, s.LastActiveAt, now) == SessionStatus.Active)
            .Select(s => new DeviceSession(s, Latest(s.LastActiveAt, lastActive.Pending(s.Id)), s.ClientId == page.Client!.Id))
            .OrderByDescending(d => d.ThisBrowser).ThenByDescending(d => d.LastActive).ThenBy(d => d.Session.Id, StringComparer.Ordinal)
            .ToList();
        var otherAccounts = page.Sessions.Where(s => s.Id != page.Current.Id).ToList();
        return Render(http, flow, layout, user, devices, otherAccounts, now);
    }

    private static DateTimeOffset Latest(DateTimeOffset stored, DateTimeOffset? pending) =>
        pending is { } recent && recent > stored ? recent : stored;

    private static IResult Render(HttpContext http, HostedPageFlow flow, PageLayout layout, UserEntity user, List<DeviceSession> devices, List<SessionEntity> otherAccounts, DateTimeOffset now)
    {
        var csrf = flow.CsrfToken(http);
        var email = UserDisplay.Email(user);
        var name = string.Join(' ', new[] { user.FirstName, user.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        var profile = Html.Of($"""
            <dl class="profile">
            <dt>Name</dt><dd>{(name.Length > 0 ? name : "Not set")}</dd>
            <dt>Email address</dt><dd>{email ?? "None"}</dd>
            {(user.Username is null ? Html.Empty : Html.Of($"<dt>Username</dt><dd>{user.Username}</dd>"))}
            </dl>
            """);
        var hasOthers = devices.Any(d => !d.ThisBrowser);
        var sessionList = Html.Join(devices.Select(d => Device(d, csrf, now)));
        var signOutOthers = hasOthers
            ? Html.Of($"""
                <form method="post" action="{PageNames.Account}" class="switch">
                {FormFields.Csrf(csrf)}
                <button class="button secondary" type="submit" name="{PageNames.Action}" value="{AccountActions.SignOutOthers}">Sign out of all other sessions</button>
                </form>
                """)
            : Html.Empty;
        var accounts = otherAccounts.Count == 0 ? Html.Empty : Html.Of($"""
            <h2>Other accounts on this browser</h2>
            <ul class="sessions">
            {Html.Join(otherAccounts.Select(s => Account(s, csrf)))}
            </ul>
            """);
        var main = Html.Of($"""
            <h1>Your account</h1>
            <p class="lede">Signed in as {UserDisplay.Name(user)}</p>
            <h2>Profile</h2>
            {profile}
            <h2>Where you're signed in</h2>
            <ul class="sessions">
            {sessionList}
            </ul>
            {signOutOthers}
            {accounts}
            <div class="actions">
            <form method="post" action="{PageNames.Account}">
            {FormFields.Csrf(csrf)}
            <button class="button" type="submit" name="{PageNames.Action}" value="{AccountActions.SignOut}">Sign out</button>
            </form>
            <form method="post" action="{PageNames.Account}">
            {FormFields.Csrf(csrf)}
            <button class="button danger" type="submit" name="{PageNames.Action}" value="{AccountActions.SignOutEverywhere}">Sign out everywhere</button>
            </form>
            </div>
            """);
        return new PageResult(layout.Document("Your account", main, hasError: false, wide: true));
    }

    private static Html Device(DeviceSession device, string csrf, DateTimeOffset now)
    {
        var session = device.Session;
        var what = DeviceDescription.Describe(session.UserAgent);
        var meta = string.Join(" · ", new[]
        {
            session.IpAddress,
            "Signed in " + PageMessages.Ago(now - session.CreatedAt),
            "Active " + PageMessages.Ago(now - device.LastActive),
        }.Where(p => p is not null));
        var action = device.ThisBrowser
            ? Html.Empty
            : Html.Of($"""
                <form method="post" action="{PageNames.Account}">
                {FormFields.Csrf(csrf)}
                <input type="hidden" name="{AccountActions.SessionField}" value="{session.Id}">
                <button class="button secondary small" type="submit" name="{PageNames.Action}" value="{AccountActions.SignOutSession}">Sign out<span class="visually-hidden"> {what}, {session.IpAddress}</span></button>
                </form>
                """);
        return Html.Of($"""
            <li data-session-id="{session.Id}" data-this-browser="{(device.ThisBrowser ? "true" : "false")}">
            <div>
            <div class="device">{what}{(device.ThisBrowser ? Html.Of($"""<span class="badge">This browser</span>""") : Html.Empty)}</div>
            <div class="meta">{meta}</div>
            </div>
            {action}
            </li>
            """);
    }

    private static Html Account(SessionEntity session, string csrf)
    {
        var user = session.User!;
        return Html.Of($"""
            <li data-session-id="{session.Id}">
            <div>
            <div class="device">{UserDisplay.Name(user)}</div>
            <div class="meta">{UserDisplay.Email(user) ?? string.Empty}</div>
            </div>
            <form method="post" action="{PageNames.Account}">
            {FormFields.Csrf(csrf)}
            <input type="hidden" name="{AccountActions.SessionField}" value="{session.Id}">
            <button class="button secondary small" type="submit" name="{PageNames.Action}" value="{AccountActions.Switch}">Switch<span class="visually-hidden"> to {UserDisplay.Name(user)}</span></button>
            </form>
            </li>
            """);
    }
}
