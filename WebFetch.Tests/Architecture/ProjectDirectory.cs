namespace WebFetch.Tests.Architecture;

/// <summary>A project directory of the repository, found by walking up from the test assembly to the directory that holds webfetch.sln.</summary>
internal static class ProjectDirectory
{
    public static string Of(string project)
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "webfetch.sln")))
            {
                string path = Path.Combine(directory.FullName, project);
                return Directory.Exists(path) ? path : throw new DirectoryNotFoundException($"{path} does not exist next to webfetch.sln");
            }
        }
        throw new DirectoryNotFoundException($"no directory above {AppContext.BaseDirectory} holds webfetch.sln: the tests run from a build output inside the repository");
    }
}
