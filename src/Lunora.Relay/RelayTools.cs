namespace Lunora.Relay;

/// <summary>Finds the programs the stand-in runs (Debian: <c>apt-get install ffmpeg nginx libnginx-mod-rtmp</c>); installs nothing.</summary>
public static class RelayTools
{
    public static string RtmpModule { get; } = new[]
    {
        "/usr/lib/nginx/modules/ngx_rtmp_module.so",
        "/usr/lib64/nginx/modules/ngx_rtmp_module.so",
        "/usr/local/nginx/modules/ngx_rtmp_module.so",
    }.FirstOrDefault(File.Exists) ?? "/usr/lib/nginx/modules/ngx_rtmp_module.so";

    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/bin"])
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
