using System.Net;

namespace Lunora.Worker.Aws;

/// <summary>HTTP 404: The resource does not exist.</summary>
public sealed class AwsNotFoundException : AwsServiceException
{
    public AwsNotFoundException(string errorType, string message)
        : base((HttpStatusCode)404, errorType, message)
    {
    }

    public AwsNotFoundException()
        : this("NotFoundException", "")
    {
    }

    public AwsNotFoundException(string message)
        : this("NotFoundException", message)
    {
    }

    public AwsNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
