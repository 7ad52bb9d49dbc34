using Refit;

namespace Mailr.Grains.Providers.Mandrill;

/// <summary>Mandrill's send and search endpoints. Returns <see cref="IApiResponse{T}"/> so HTTP errors arrive as values, not exceptions.</summary>
internal interface IMandrillApi
{
    [Post("/messages/send.json")]
    Task<IApiResponse<IReadOnlyList<MandrillSendResult>>> SendAsync([Body] MandrillSendRequest request, CancellationToken cancellationToken);

    [Post("/messages/search.json")]
    Task<IApiResponse<IReadOnlyList<MandrillMessageInfo>>> SearchAsync([Body] MandrillSearchRequest request, CancellationToken cancellationToken);
}
