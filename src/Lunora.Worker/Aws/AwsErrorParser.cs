using System.Collections.Immutable;
using System.Net;
using System.Text.Json;

namespace Lunora.Worker.Aws;

/// <summary>Turns an error answer into a typed exception, reading the error type the way botocore's rest-json parser does.</summary>
public static class AwsErrorParser
{
    public static AwsServiceException Parse(HttpStatusCode status, string? errorTypeHeader, ReadOnlySpan<byte> body)
    {
        string? message = null;
        string? bodyType = null;
        var validation = ImmutableArray<AwsValidationError>.Empty;
        if (!body.IsEmpty)
        {
            try
            {
                using var doc = JsonDocument.Parse(body.ToArray());
                if (doc.RootElement.ValueKind == JsonValueKind.Object)
                {
                    var root = doc.RootElement;
                    message = Str(root, "message") ?? Str(root, "Message");
                    bodyType = Str(root, "code") ?? Str(root, "Code") ?? Str(root, "__type");
                    if (root.TryGetProperty("validationErrors", out var errors) && errors.ValueKind == JsonValueKind.Array)
                    {
                        validation = [.. errors.EnumerateArray().Select(e => new AwsValidationError(
                            Str(e, "elementPath") ?? "",
                            Str(e, "errorMessage") ?? ""))];
                    }
                }
            }
            catch (JsonException)
            {
                // A gateway in front of the service may answer with HTML or nothing; the status still classifies it.
            }
        }

        var type = NormalizeType(errorTypeHeader) ?? NormalizeType(bodyType) ?? DefaultType(status);
        return Create(status, type, message ?? "", validation);
    }

    /// <summary>The typed exception for a status; <paramref name="validationErrors"/> only matter for 422.</summary>
    public static AwsServiceException Create(HttpStatusCode status, string type, string message, ImmutableArray<AwsValidationError> validationErrors) =>
        (int)status switch
        {
            400 => new AwsBadRequestException(type, message),
            403 => new AwsForbiddenException(type, message),
            404 => new AwsNotFoundException(type, message),
            409 => new AwsConflictException(type, message),
            422 => new AwsUnprocessableEntityException(type, message, validationErrors),
            429 => new AwsTooManyRequestsException(type, message),
            >= 500 => new AwsServerErrorException(status, type, message),
            _ => new AwsServiceException(status, type, message),
        };

    /// <summary>
    /// The same error with every occurrence of <paramref name="secrets"/> masked in its message and validation errors,
    /// or the error itself when none occurs: a service may echo back what it was sent.
    /// </summary>
    public static AwsServiceException Redact(AwsServiceException error, IReadOnlyCollection<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(secrets);
        var validation = error is AwsUnprocessableEntityException u ? u.ValidationErrors : [];
        var leaks = secrets.Where(s => s.Length > 0).ToList();
        bool Leaks(string text) => leaks.Exists(s => text.Contains(s, StringComparison.Ordinal));
        if (!Leaks(error.ServiceMessage) && !validation.Any(v => Leaks(v.ErrorMessage) || Leaks(v.ElementPath)))
        {
            return error;
        }

        string Mask(string text) => leaks.Aggregate(text, (t, s) => t.Replace(s, "***", StringComparison.Ordinal));
        return Create(
            error.StatusCode,
            error.ErrorType,
            Mask(error.ServiceMessage),
            [.. validation.Select(v => new AwsValidationError(Mask(v.ElementPath), Mask(v.ErrorMessage)))]);
    }

    /// <summary><c>aws.protocoltests#FooError:http://...</c> becomes <c>FooError</c>.</summary>
    public static string? NormalizeType(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var value = raw;
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            value = value[..colon];
        }

        var hash = value.LastIndexOf('#');
        if (hash >= 0)
        {
            value = value[(hash + 1)..];
        }

        value = value.Trim();
        return value.Length == 0 ? null : value;
    }

    private static string DefaultType(HttpStatusCode status) => (int)status switch
    {
        400 => "BadRequestException",
        403 => "ForbiddenException",
        404 => "NotFoundException",
        409 => "ConflictException",
        422 => "UnprocessableEntityException",
        429 => "TooManyRequestsException",
        502 => "BadGatewayException",
        504 => "GatewayTimeoutException",
        >= 500 => "InternalServerErrorException",
        _ => "UnknownError",
    };

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
