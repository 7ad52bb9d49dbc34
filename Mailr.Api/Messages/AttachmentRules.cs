namespace Mailr.Api.Messages;

/// <summary>What an attachment's file name and media type may look like: a plain name (no path) and a type/subtype.</summary>
public static class AttachmentRules
{
    public const int MaxFileNameLength = 255;

    /// <summary>Why <paramref name="fileName"/> cannot be used, worded to follow "The filename of ... ", or null when it is fine.</summary>
    public static string? FileNameProblem(string fileName)
    {
        if (fileName.Trim().Length == 0)
        {
            return "must not be empty";
        }

        if (fileName.Length > MaxFileNameLength)
        {
            return $"must be at most {MaxFileNameLength} characters";
        }

        if (fileName.Any(char.IsControl))
        {
            return "must not contain line breaks or other control characters";
        }

        if (fileName.IndexOfAny(['/', '\\', ':']) >= 0 || fileName is "." or ".." || fileName.StartsWith("..", StringComparison.Ordinal))
        {
            return "must be a plain file name, not a path";
        }

        return fileName.Contains('"') ? "must not contain quotes" : null;
    }

    public static bool IsMediaType(string value)
    {
        var slash = value.IndexOf('/');
        return slash > 0 && slash < value.Length - 1 && value.IndexOf('/', slash + 1) < 0 && value.Length <= 127
            && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '+' or '.' or '_');
    }
}
