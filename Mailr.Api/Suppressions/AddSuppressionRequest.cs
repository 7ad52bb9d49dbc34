namespace Mailr.Api.Suppressions;

/// <summary>The optional body of <c>PUT /suppressions/{email}</c>: <c>{}</c>, or no body at all (an entry added by hand has nothing to set).</summary>
public sealed record AddSuppressionRequest;
