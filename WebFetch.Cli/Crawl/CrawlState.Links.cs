using WebFetch.Protocol;
using WebFetch.Urls;

namespace WebFetch.Crawl;

/// <summary>The links of a page fetched: each one a referrer of its target, a new URL for the frontier, or a fragment to check.</summary>
internal sealed partial class CrawlState
{
    /// <summary>Takes the links of the page <paramref name="target"/> (a sitemap's at its own depth, a page's one deeper), unless the page is at the depth limit.</summary>
    private void Follow(FetchResult record, CrawlTarget target, IReadOnlyList<FoundLink> links)
    {
        bool sitemap = target.Kind == LinkKinds.Sitemap;
        if (!sitemap && settings.MaxDepth is int max && target.Depth >= max)
        {
            Counts.BeyondDepth += links.Sum(link => (long)link.Occurrences);
            return;
        }
        int depth = sitemap ? target.Depth : target.Depth + 1;
        string page = record.FinalUrl ?? target.Key;
        foreach (FoundLink link in links)
        {
            if (link.Invalid != true && IsKnown(link.Url, out UrlState? known))
            {
                if (known is not null) // pending or broken; done, its record is out
                {
                    AddReferrer(known, new Referrer(page, link.Line, link.Col, link.Tag, link.Text), link.Occurrences);
                }
                continue;
            }
            var referrer = new Referrer(page, link.Line, link.Col, link.Tag, link.Text);
            int occurrences = link.Occurrences;
            if (link.Invalid != true && IsOtherScheme(link.Url))
            {
                Counts.OtherSchemes += occurrences;
            }
            else if (link.Invalid != true && settings.NoExternal && settings.Scope.SurelyOutside(link.Url))
            {
                continue; // out of scope, and not checked: not parsed either
            }
            else if (link.Invalid == true || _addresses.Parse(link.Url, out string? problem) is not { } url)
            {
                Invalid(link.Url, "the link is not a URL", depth, link.Kind, referrer, occurrences);
            }
            else if (problem is not null)
            {
                Invalid(url.Href, problem, depth, link.Kind, referrer, occurrences);
            }
            else
            {
                Discover(url, depth, link.Kind, referrer, occurrences);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="link"/>, as the worker wrote it, is the key of a URL taken and has
    /// no fragment, with its <paramref name="state"/> when it is pending (queued, spilled, in
    /// flight) or broken, null when it is done (its record out): <see cref="Discover"/> would
    /// add the link as a referrer to that state, or do nothing. Most links of a large crawl are
    /// such, so they are taken so before they are parsed. A key is the serialization of a parsed
    /// URL, which parses back to itself: a link that is not one as written is not found here,
    /// and takes the long way.
    /// </summary>
    private bool IsKnown(string link, out UrlState? state)
    {
        state = null;
        if (link.Contains('#', StringComparison.Ordinal) || !_seen.Contains(link))
        {
            return false;
        }
        if (!_pending.TryGetValue(link, out state) && !Queued.TryGetSpilled(link, out state))
        {
            _broken.TryGetValue(link, out state);
        }
        return true;
    }

    /// <summary>Whether an absolute URL has a scheme other than http and https (ftp:, file:, irc:...), which the crawl does not check.</summary>
    private static bool IsOtherScheme(string url)
    {
        int colon = url.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !char.IsAsciiLetter(url[0]) || url.AsSpan(0, colon).ContainsAnyExcept(SchemeChars))
        {
            return false;
        }
        string scheme = url[..colon];
        return !scheme.Equals("http", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("https", StringComparison.OrdinalIgnoreCase);
    }

    private static readonly System.Buffers.SearchValues<char> SchemeChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");

    /// <summary>A link to <paramref name="url"/>, found <paramref name="occurrences"/> times on its page: a referrer of a URL pending, broken or done, or a new URL taken.</summary>
    private void Discover(WebUrl url, int depth, string kind, Referrer? referrer, int occurrences = 1)
    {
        string key = url.HrefWithoutFragment;
        string? fragment = FragmentToCheck(url);
        if (_pending.TryGetValue(key, out UrlState? state) || Queued.TryGetSpilled(key, out state))
        {
            AddReferrer(state, referrer, occurrences);
            if (fragment is not null && !state.Target.External && state.Target.Kind == LinkKinds.Page)
            {
                state.AddFragment(fragment, referrer, occurrences);
            }
            return;
        }
        if (_broken.TryGetValue(key, out state))
        {
            AddReferrer(state, referrer, occurrences);
            return;
        }
        if (_seen.Contains(key))
        {
            CheckFragmentOfDone(url, key, fragment, depth, referrer, occurrences);
            return;
        }
        bool inScope = settings.Scope.Contains(url);
        if (!inScope && settings.NoExternal)
        {
            return;
        }
        if (settings.MaxUrls is int max && _seen.Count >= max)
        {
            Counts.NotTakenForMaxUrls++;
            return;
        }
        _seen.Add(key);
        var target = new CrawlTarget(key, url, depth, kind, !inScope, inScope && LinkKinds.IsParsed(kind) ? FetchMode.Crawl : FetchMode.CheckOnly) { Order = _order++ };
        state = new UrlState(target);
        AddReferrer(state, referrer, occurrences);
        if (fragment is not null && inScope && kind == LinkKinds.Page)
        {
            state.AddFragment(fragment, referrer, occurrences);
        }
        _pending.Add(key, state);
        Route(target);
    }

    private static void AddReferrer(UrlState state, Referrer? referrer, int occurrences)
    {
        if (referrer is not null)
        {
            state.Referrers.Add(referrer, occurrences);
        }
    }

    /// <summary>A new target goes to the frontier, after its host's robots.txt when robots.txt is obeyed.</summary>
    private void Route(CrawlTarget target)
    {
        if (settings.IgnoreRobots || Resume?.Has(target) == true) // a URL with a record to replay was admitted before
        {
            Release(target, RobotsDecision.Fetch);
            return;
        }
        RobotsDecision decision = _robots.Admit(target, out CrawlTarget? robots);
        if (robots is not null)
        {
            _robotsPending.Add(robots.Key, robots);
            Queued.Add(new UrlState(robots with { Order = _order++ }));
        }
        if (decision != RobotsDecision.Held)
        {
            Release(target, decision);
        }
    }

    /// <summary>The page's anchors arrived: the fragments linked to it so far that it lacks become <c>missing_anchor</c> records, unless its meta refresh leads to them.</summary>
    private void CheckWaitingFragments(UrlState state, AnchorPage page)
    {
        if (state.Fragments is null)
        {
            return;
        }
        foreach ((string fragment, ReferrerList referrers) in state.Fragments)
        {
            if (!page.Has(fragment))
            {
                Lacking(new FragmentLink(state.Target.Url!, state.Target.Key, fragment, state.Target.Depth, referrers), page, state.Target.Key, 0);
            }
        }
        state.Fragments = null;
    }

    /// <summary>A fragment link to a page fetched before: checked against the anchors kept of it.</summary>
    private void CheckFragmentOfDone(WebUrl url, string key, string? fragment, int depth, Referrer? referrer, int occurrences)
    {
        if (fragment is null)
        {
            return;
        }
        AnchorPage? page = _anchors.Find(key);
        if (page is not null && !page.Has(fragment))
        {
            var referrers = new ReferrerList();
            if (referrer is not null)
            {
                referrers.Add(referrer, occurrences);
            }
            Lacking(new FragmentLink(url, key, fragment, depth, referrers), page, key, 0);
        }
        else if (page is null && _anchors.PagesNotKept > 0 && settings.Scope.Contains(url))
        {
            Counts.AnchorsNotChecked++;
        }
    }

    /// <summary>The broken record of a missing anchor, made on its first link, with <paramref name="message"/> saying where it was looked for.</summary>
    private UrlState MissingAnchor(WebUrl url, string key, string fragment, int depth, string message)
    {
        string link = $"{key}#{fragment}";
        if (!_broken.TryGetValue(link, out UrlState? state))
        {
            state = new UrlState(new CrawlTarget(link, WebUrl.TryParse(link, out WebUrl? withFragment, out _) ? withFragment : url, depth, LinkKinds.Page, false, FetchMode.Crawl))
            {
                Record = CrawlRecords.NotFetched(link, new FetchError(ErrorKind.MissingAnchor, message)),
            };
            _broken.Add(link, state);
        }
        return state;
    }

    /// <summary>A link that is not a URL that can be requested: an <c>invalid_url</c> record with its referrers.</summary>
    private void Invalid(string raw, string problem, int depth, string kind, Referrer referrer, int occurrences)
    {
        string text = TextCut.Shorten(raw, Input.UrlLineParser.MaxEchoChars);
        if (!_broken.TryGetValue(text, out UrlState? state))
        {
            state = new UrlState(new CrawlTarget(text, null, depth, kind, false, FetchMode.CheckOnly))
            {
                Record = CrawlRecords.NotFetched(text, new FetchError(ErrorKind.InvalidUrl, problem)),
            };
            _broken.Add(text, state);
        }
        state.Referrers.Add(referrer, occurrences);
    }
}
