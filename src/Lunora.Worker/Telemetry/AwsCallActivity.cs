using System.Diagnostics;
using System.Globalization;
using System.Net;
using Lunora.Worker.Aws;

namespace Lunora.Worker.Telemetry;

/// <summary>
/// The span of one AWS attempt. Attributes: the service, the operation, the HTTP status and our outcome; for errors the
/// error type the service named. Never a URL, a request or response body, or an error message (a service may echo
/// what it was sent, stream keys included).
/// </summary>
public static class AwsCallActivity
{
    public static Activity? Start(AwsService service, string operation)
    {
        ArgumentNullException.ThrowIfNull(service);
        var name = ServiceName(service);
        var activity = LunoraActivity.Source.StartActivity($"{name}.{operation}", ActivityKind.Client);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag("rpc.system", "aws-api");
        activity.SetTag("rpc.service", name);
        activity.SetTag("rpc.method", operation);
        activity.SetTag("aws.service", service.SigningName);
        activity.SetTag("aws.operation", operation);
        return activity;
    }

    public static void Succeeded(Activity? activity, HttpStatusCode status)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("http.response.status_code", (int)status);
        activity.SetTag("lunora.outcome", "success");
    }

    public static void Failed(Activity? activity, Exception error, string outcome)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("lunora.outcome", outcome);
        var description = error.GetType().Name;
        if (error is AwsServiceException service)
        {
            activity.SetTag("http.response.status_code", (int)service.StatusCode);
            activity.SetTag("aws.error_type", service.ErrorType);
            description = string.Create(CultureInfo.InvariantCulture, $"{service.ErrorType} ({(int)service.StatusCode})");
        }

        activity.SetTag("error.type", error.GetType().Name);
        activity.SetStatus(ActivityStatusCode.Error, description);
    }

    /// <summary>The name the AWS SDKs give the service in span names.</summary>
    public static string ServiceName(AwsService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.SigningName switch
        {
            "medialive" => "MediaLive",
            "monitoring" => "CloudWatch",
            _ => service.SigningName,
        };
    }
}
