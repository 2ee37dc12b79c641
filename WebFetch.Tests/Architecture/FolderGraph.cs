namespace WebFetch.Tests.Architecture;

/// <summary>Folders and which depends on which, each dependency with the references that make it.</summary>
internal sealed class FolderGraph
{
    private readonly SortedDictionary<string, SortedDictionary<string, List<FolderReference>>> _edges = new(StringComparer.Ordinal);

    public FolderGraph(IEnumerable<string> folders, IEnumerable<FolderReference> references)
    {
        foreach (string folder in folders)
        {
            Node(folder);
        }
        foreach (FolderReference reference in references)
        {
            SortedDictionary<string, List<FolderReference>> from = Node(reference.From);
            Node(reference.To);
            if (!from.TryGetValue(reference.To, out List<FolderReference>? list))
            {
                from[reference.To] = list = [];
            }
            list.Add(reference);
        }
    }

    public IEnumerable<string> Folders => _edges.Keys;

    public IEnumerable<(string From, string To, IReadOnlyList<FolderReference> References)> Edges =>
        _edges.SelectMany(from => from.Value.Select(to => (from.Key, to.Key, (IReadOnlyList<FolderReference>)to.Value)));

    public IReadOnlyList<FolderReference> ReferencesFrom(string from, string to) =>
        _edges.TryGetValue(from, out var targets) && targets.TryGetValue(to, out List<FolderReference>? list) ? list : [];

    /// <summary>
    /// For each dependency that lies on a circle, the shortest circle through it (its first
    /// folder repeated at the end), each circle once: the groups of folders that reach one
    /// another are found by Tarjan's algorithm.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var cycles = new List<IReadOnlyList<string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (List<string> component in StronglyConnectedComponents().Where(c => c.Count > 1))
        {
            var members = component.ToHashSet(StringComparer.Ordinal);
            foreach (string from in component.Order(StringComparer.Ordinal))
            {
                foreach (string to in _edges[from].Keys.Where(members.Contains))
                {
                    List<string> cycle = [from, .. ShortestPath(to, from, members)];
                    cycle.RemoveAt(cycle.Count - 1);
                    int first = cycle.IndexOf(cycle.Min(StringComparer.Ordinal)!);
                    cycle = [.. cycle.Skip(first), .. cycle.Take(first)];
                    cycle.Add(cycle[0]);
                    if (seen.Add(string.Join(" ", cycle)))
                    {
                        cycles.Add(cycle);
                    }
                }
            }
        }
        return cycles;
    }

    /// <summary>The shortest path from <paramref name="start"/> to <paramref name="end"/> (both included) inside one group of folders that reach one another.</summary>
    private List<string> ShortestPath(string start, string end, HashSet<string> members)
    {
        var previous = new Dictionary<string, string>(StringComparer.Ordinal) { [start] = start };
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            string at = queue.Dequeue();
            if (at == end)
            {
                var path = new List<string>();
                for (string step = end; step != start; step = previous[step])
                {
                    path.Add(step);
                }
                path.Add(start);
                path.Reverse();
                return path;
            }
            foreach (string next in _edges[at].Keys.Where(members.Contains))
            {
                if (previous.TryAdd(next, at))
                {
                    queue.Enqueue(next);
                }
            }
        }
        throw new InvalidOperationException($"{start} and {end} reach one another but no path leads from one to the other");
    }

    private List<List<string>> StronglyConnectedComponents()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<List<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (string next in _edges[node].Keys)
            {
                if (!index.TryGetValue(next, out int nextIndex))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], nextIndex);
                }
            }
            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                components.Add(component);
            }
        }

        foreach (string node in _edges.Keys.Where(n => !index.ContainsKey(n)).ToList())
        {
            Visit(node);
        }
        return components;
    }

    private SortedDictionary<string, List<FolderReference>> Node(string folder)
    {
        if (!_edges.TryGetValue(folder, out var targets))
        {
            _edges[folder] = targets = new SortedDictionary<string, List<FolderReference>>(StringComparer.Ordinal);
        }
        return targets;
    }
}
