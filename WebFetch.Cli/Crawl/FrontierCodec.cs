using WebFetch.Protocol;
using WebFetch.Urls;

namespace WebFetch.Crawl;

/// <summary>
/// A queued URL's state as bytes in the frontier's spill file: its target (without the parsed
/// URL, parsed again from the key when read), its referrers and the fragments waiting for its
/// anchors. A queued URL has no record yet.
/// </summary>
internal static class FrontierCodec
{
    public static void Write(BinaryWriter writer, UrlState state)
    {
        CrawlTarget target = state.Target;
        writer.Write(target.Key);
        writer.Write(target.Depth);
        writer.Write(target.Order);
        writer.Write(target.Kind);
        writer.Write(target.External);
        writer.Write((byte)target.Mode);
        WriteReferrers(writer, state.Referrers);
        writer.Write(state.Fragments?.Count ?? 0);
        foreach ((string fragment, ReferrerList referrers) in state.Fragments ?? [])
        {
            writer.Write(fragment);
            WriteReferrers(writer, referrers);
        }
    }

    public static UrlState Read(BinaryReader reader)
    {
        string key = reader.ReadString();
        int depth = reader.ReadInt32();
        long order = reader.ReadInt64();
        string kind = string.Intern(reader.ReadString());
        bool external = reader.ReadBoolean();
        var mode = (FetchMode)reader.ReadByte();
        if (!WebUrl.TryParse(key, out WebUrl? url, out string? problem))
        {
            throw new InvalidDataException($"the spill file holds {key}, which does not parse: {problem}");
        }
        var state = new UrlState(new CrawlTarget(key, url, depth, kind, external, mode) { Order = order });
        ReadReferrers(reader, state.Referrers);
        int fragments = reader.ReadInt32();
        for (int i = 0; i < fragments; i++)
        {
            state.Fragments ??= new(StringComparer.Ordinal);
            var list = new ReferrerList();
            state.Fragments.Add(reader.ReadString(), list);
            ReadReferrers(reader, list);
        }
        return state;
    }

    private static void WriteReferrers(BinaryWriter writer, ReferrerList referrers)
    {
        writer.Write(referrers.Total);
        writer.Write(referrers.First.Count);
        foreach (Referrer referrer in referrers.First)
        {
            writer.Write(referrer.Url);
            writer.Write(referrer.Line);
            writer.Write(referrer.Col);
            writer.Write(referrer.Tag);
            writer.Write(referrer.Text is not null);
            if (referrer.Text is not null)
            {
                writer.Write(referrer.Text);
            }
        }
    }

    private static void ReadReferrers(BinaryReader reader, ReferrerList referrers)
    {
        int total = reader.ReadInt32();
        int listed = reader.ReadInt32();
        for (int i = 0; i < listed; i++)
        {
            string url = reader.ReadString();
            int line = reader.ReadInt32();
            int col = reader.ReadInt32();
            string tag = string.Intern(reader.ReadString());
            string? text = reader.ReadBoolean() ? reader.ReadString() : null;
            referrers.Add(new Referrer(url, line, col, tag, text));
        }
        referrers.AddUnlisted(total - listed);
    }
}
